import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import type { ChangeSpec } from '@/api/realtime'
import { useSessionStore } from '@/stores/session'
import { renderWithApp } from '@/testing/render'
import CoalitionsView from './CoalitionsView.vue'

const api = vi.hoisted(() => ({
  listCoalitions: vi.fn(),
  listCoalitionMembers: vi.fn(),
  joinCoalition: vi.fn(),
  leaveCoalition: vi.fn(),
}))
const live = vi.hoisted(() => ({ specs: [] as ChangeSpec[] }))
vi.mock('@/api/coalitions', () => api)
vi.mock('@/api/ideas', () => ({ listIdeasByCoalition: async () => [] }))
vi.mock('@/api/lookups', () => ({
  fetchNeighbourhoods: async () => [],
  fetchThemes: async () => [],
  fetchOrganisations: async () => [],
}))
vi.mock('@/api/realtime', () => ({
  subscribeChanges: (_name: string, specs: ChangeSpec[]) => {
    live.specs = specs
    return () => undefined
  },
}))

const groen = {
  id: 'c1',
  name: 'Groen in Limbeek',
  description: 'Bomen en bankjes.',
  theme_id: null,
}
const fatma = { coalition_id: 'c1', profile_id: 'r2', member_kind: 'resident' }
const me = { coalition_id: 'c1', profile_id: 'r1', member_kind: 'resident' }

async function renderAs(profile: { id: string; role: 'resident' | 'partner' } | null) {
  const result = await renderWithApp(CoalitionsView)
  const session = useSessionStore(result.pinia)
  if (profile) {
    session.session = { user: { id: profile.id } } as never
    session.profile = { ...profile, display_name: 'Sanne' } as never
  }
  await screen.findByRole('heading', { level: 2, name: 'Groen in Limbeek' })
  return result
}
const count = () => screen.getByTestId('coalition-count').textContent?.trim()

describe('CoalitionsView', () => {
  beforeEach(() => {
    api.listCoalitions.mockReset().mockResolvedValue([groen])
    api.listCoalitionMembers.mockReset().mockResolvedValue([fatma])
    api.joinCoalition.mockReset().mockResolvedValue(undefined)
    api.leaveCoalition.mockReset().mockResolvedValue(undefined)
  })

  it('a resident joins and the count is read again from the database', async () => {
    await renderAs({ id: 'r1', role: 'resident' })
    expect(count()).toBe('1 bewoner en 0 organisaties')
    api.listCoalitionMembers.mockResolvedValue([fatma, me])
    await userEvent.click(screen.getByRole('button', { name: 'Doe mee Groen in Limbeek' }))
    expect(api.joinCoalition).toHaveBeenCalledWith('c1', { id: 'r1', role: 'resident' })
    await waitFor(() => expect(count()).toBe('2 bewoners en 0 organisaties'))
    expect(screen.getByTestId('joined')).toBeTruthy()
  })

  it('a member sees "Stop met meedoen"; after leaving the count goes down', async () => {
    api.listCoalitionMembers.mockResolvedValue([fatma, me])
    await renderAs({ id: 'r1', role: 'resident' })
    await waitFor(() => expect(count()).toBe('2 bewoners en 0 organisaties'))
    api.listCoalitionMembers.mockResolvedValue([fatma])
    await userEvent.click(screen.getByRole('button', { name: /Stop met meedoen/ }))
    await userEvent.click(screen.getByRole('button', { name: 'Ja, ik stop' }))
    expect(api.leaveCoalition).toHaveBeenCalledWith('c1', 'r1')
    await waitFor(() => expect(count()).toBe('1 bewoner en 0 organisaties'))
    expect(screen.getByRole('button', { name: /Doe mee/ })).toBeTruthy()
  })

  it('counts follow live when someone else joins or leaves', async () => {
    await renderAs(null)
    const [spec] = live.specs
    expect(spec.table).toBe('coalition_members')
    const partner = { coalition_id: 'c1', profile_id: 'p1', member_kind: 'partner' }
    spec.handler({ eventType: 'INSERT', new: partner, old: {} })
    await waitFor(() => expect(count()).toBe('1 bewoner en 1 organisatie'))
    // The same row again (our own change arriving live) is not counted twice.
    spec.handler({ eventType: 'INSERT', new: partner, old: {} })
    spec.handler({ eventType: 'DELETE', new: {}, old: { coalition_id: 'c1', profile_id: 'r2' } })
    await waitFor(() => expect(count()).toBe('0 bewoners en 1 organisatie'))
  })

  it('visitors get a sign-in link that brings them back here', async () => {
    await renderAs(null)
    const card = screen.getByRole('listitem')
    expect(within(card).queryByRole('button')).toBeNull()
    expect(
      within(card).getByRole('link', { name: 'Log in om mee te doen.' }).getAttribute('href'),
    ).toBe('/inloggen?next=/coalities')
  })
})
