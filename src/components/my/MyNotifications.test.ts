import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import type { Notification } from '@/api/notifications'
import { useNotificationsStore } from '@/stores/notifications'
import { renderWithApp } from '@/testing/render'
import MyNotifications from './MyNotifications.vue'

const api = vi.hoisted(() => ({
  listNotifications: vi.fn(),
  fetchNotification: vi.fn(),
  markRead: vi.fn(),
  markAllRead: vi.fn(),
}))
vi.mock('@/api/notifications', () => api)
type Spec = { event: string; handler: (payload: { new: Record<string, unknown> }) => void }
const live = vi.hoisted(() => ({ specs: [] as unknown[] }))
vi.mock('@/api/realtime', () => ({
  subscribeChanges: (_name: string, specs: unknown[]) => {
    live.specs = specs
    return () => {}
  },
}))

const items: Notification[] = [
  {
    id: 'n1',
    kind: 'status_update',
    idea_id: 'i1',
    read_at: null,
    created_at: '2026-05-02T10:00:00Z',
    idea: { title: 'Bloembakken in de Hoefkestraat' },
    idea_update: { status: 'in_progress' },
  },
  {
    id: 'n2',
    kind: 'new_comment',
    idea_id: 'i2',
    read_at: null,
    created_at: '2026-05-01T10:00:00Z',
    idea: { title: 'Een bankje bij de speeltuin' },
    idea_update: null,
  },
  {
    id: 'n3',
    kind: 'new_idea_in_neighbourhood',
    idea_id: 'i3',
    read_at: '2026-05-01T12:00:00Z',
    created_at: '2026-04-30T10:00:00Z',
    idea: { title: 'Moestuin achter de school' },
    idea_update: null,
  },
]

/** Renders the list with the store fed by the (mocked) API, as after signing in. */
async function renderList(list: Notification[] = items) {
  api.listNotifications.mockResolvedValue(structuredClone(list))
  const result = await renderWithApp(MyNotifications)
  useNotificationsStore(result.pinia).watchUser('u1')
  await waitFor(() => expect(api.listNotifications).toHaveBeenCalledWith('u1'))
  return result
}

function messages() {
  return screen.queryAllByTestId('notification')
}

describe('MyNotifications', () => {
  beforeEach(() => {
    for (const fn of Object.values(api)) fn.mockReset()
  })

  it("names each message's idea, and for an answer from the team what happens now", async () => {
    await renderList()
    await waitFor(() => expect(messages()).toHaveLength(3))
    const [status, comment, idea] = messages()
    expect(
      within(status).getByRole('link', {
        name: 'Er is nieuws over een idee dat je volgt: Bloembakken in de Hoefkestraat',
      }),
    ).toBeTruthy()
    expect(within(status).getByText('Wat er nu met het idee gebeurt: Mee bezig')).toBeTruthy()
    expect(
      within(comment).getByRole('link', {
        name: 'Nieuwe reactie op een idee dat je volgt: Een bankje bij de speeltuin',
      }),
    ).toBeTruthy()
    expect(within(comment).queryByText(/Wat er nu/)).toBeNull()
    // Unread messages say so in words, not only in bold.
    expect(within(status).getByText('Nog niet gelezen')).toBeTruthy()
    expect(within(comment).getByText('Nog niet gelezen')).toBeTruthy()
    expect(within(idea).queryByText('Nog niet gelezen')).toBeNull()
    // The lines differ: no more rows of the same sentence.
    const names = screen.getAllByRole('link').map((a) => a.textContent?.replace(/\s+/g, ' ').trim())
    expect(new Set(names).size).toBe(3)
  })

  it("leads a team member to the team's page of an idea a colleague gave them", async () => {
    await renderList([
      {
        id: 'n4',
        kind: 'idea_assigned',
        idea_id: 'i4',
        read_at: null,
        created_at: '2026-05-03T10:00:00Z',
        idea: { title: 'Lantaarn bij het pad' },
        idea_update: null,
      },
    ])
    await waitFor(() => expect(messages()).toHaveLength(1))
    const link = within(messages()[0]).getByRole('link', {
      name: 'Een collega geeft je een idee om op te pakken: Lantaarn bij het pad',
    })
    expect(link.getAttribute('href')).toBe('/team/idee/i4')
  })

  it('opens the idea and marks only that message read', async () => {
    api.markRead.mockResolvedValue(undefined)
    const { router, pinia } = await renderList()
    await waitFor(() => expect(messages()).toHaveLength(3))
    await userEvent.click(screen.getByRole('link', { name: /Een bankje bij de speeltuin/ }))
    await waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/idee/i2'))
    expect(api.markRead).toHaveBeenCalledTimes(1)
    expect(api.markRead).toHaveBeenCalledWith('n2')
    expect(api.markAllRead).not.toHaveBeenCalled()
    const store = useNotificationsStore(pinia)
    await waitFor(() => expect(store.unread).toBe(1))
    expect(store.items.find((n) => n.id === 'n1')?.read_at).toBeNull()
    expect(within(messages()[1]).queryByText('Nog niet gelezen')).toBeNull()
    expect(within(messages()[0]).getByText('Nog niet gelezen')).toBeTruthy()
  })

  it('does not mark an already read message again', async () => {
    await renderList()
    await waitFor(() => expect(messages()).toHaveLength(3))
    await userEvent.click(screen.getByRole('link', { name: /Moestuin achter de school/ }))
    expect(api.markRead).not.toHaveBeenCalled()
  })

  it('keeps the message unread when marking it fails', async () => {
    api.markRead.mockRejectedValue(new TypeError('Failed to fetch'))
    const { pinia } = await renderList()
    await waitFor(() => expect(messages()).toHaveLength(3))
    await userEvent.click(screen.getByRole('link', { name: /Bloembakken/ }))
    await waitFor(() => expect(api.markRead).toHaveBeenCalledWith('n1'))
    expect(useNotificationsStore(pinia).unread).toBe(2)
  })

  it('still marks all read at once', async () => {
    api.markAllRead.mockResolvedValue(undefined)
    await renderList()
    await waitFor(() => expect(messages()).toHaveLength(3))
    await userEvent.click(screen.getByRole('button', { name: 'Alles gelezen' }))
    expect(api.markAllRead).toHaveBeenCalledWith('u1')
    await waitFor(() => expect(screen.queryByText('Nog niet gelezen')).toBeNull())
    expect(screen.queryByRole('button', { name: 'Alles gelezen' })).toBeNull()
  })

  it('shows a message that arrives live, then fills in its title and status', async () => {
    await renderList([])
    await screen.findByText('Je hebt geen berichten.')
    const full: Notification = {
      id: 'n9',
      kind: 'status_update',
      idea_id: 'i9',
      read_at: null,
      created_at: '2026-05-03T10:00:00Z',
      idea: { title: 'Meer bomen op het plein' },
      idea_update: { status: 'done' },
    }
    api.fetchNotification.mockResolvedValue(full)
    const insert = (live.specs as Spec[]).find((s) => s.event === 'INSERT')!
    // Realtime sends the row's own columns only: no title, no status.
    const row = { id: 'n9', kind: 'status_update', idea_id: 'i9', read_at: null }
    insert.handler({ new: { ...row, created_at: full.created_at, user_id: 'u1' } })
    expect(api.fetchNotification).toHaveBeenCalledWith('n9')
    expect(
      await screen.findByRole('link', {
        name: 'Er is nieuws over een idee dat je volgt: Meer bomen op het plein',
      }),
    ).toBeTruthy()
    expect(screen.getByText('Wat er nu met het idee gebeurt: Gelukt')).toBeTruthy()
  })

  it('says so when there are no messages', async () => {
    await renderList([])
    expect(await screen.findByText('Je hebt geen berichten.')).toBeTruthy()
    expect(screen.queryByRole('list')).toBeNull()
  })
})
