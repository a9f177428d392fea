import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { ApiError } from '@/api/errors'
import { EVENT_DRAFT_KEY } from '@/composables/useEventDraft'
import { renderWithApp } from '@/testing/render'
import EventNewView from './EventNewView.vue'

const agenda = vi.hoisted(() => ({
  createEvent: vi.fn(),
  listMyInitiatives: vi.fn(),
}))
vi.mock('@/api/agenda', () => ({
  ...Object.fromEntries(
    [
      'listUpcomingEvents',
      'getEvent',
      'getMySignup',
      'getEventAddress',
      'joinEvent',
      'leaveEvent',
      'changeEvent',
      'cancelEvent',
      'isOrganiser',
      'listInitiatives',
      'getInitiative',
      'eventsOfInitiative',
      'createInitiative',
      'initiativeFromIdea',
      'initiativeOfIdea',
    ].map((name) => [name, vi.fn()]),
  ),
  ...agenda,
}))
vi.mock('@/api/lookups', () => ({
  fetchNeighbourhoods: async () => [
    { id: 'n1', slug: 'rapenland', name: 'Rapenland', district: 'Oud-Woensel' },
  ],
  fetchThemes: async () => [{ id: 't1', slug: 'fijne-buurt' }],
  fetchOrganisations: async () => [],
}))
vi.mock('@/api/auth', () => ({
  getSession: async () => ({ user: { id: 'u1', email: 'bewoner@emmer.local', user_metadata: {} } }),
  onAuthChange: () => () => undefined,
  signOut: async () => undefined,
  getClaims: async () => ({ sub: 'u1', aal: 'aal1' }),
}))
vi.mock('@/api/profiles', () => ({ fetchProfile: async () => null }))

const ahead = (days: number, hour: number) =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${hour}:00`

async function fillIn() {
  await userEvent.type(screen.getByLabelText('Naam van de activiteit'), 'Soep in de tuin')
  await userEvent.type(
    screen.getByLabelText('Wat gaan jullie doen?'),
    'We koken samen soep en eten die op in de tuin.',
  )
  const starts = screen.getByLabelText('Begint op') as HTMLInputElement
  const ends = screen.getByLabelText('Is klaar op') as HTMLInputElement
  await userEvent.type(starts, ahead(5, 14))
  await userEvent.type(ends, ahead(5, 16))
  await userEvent.type(screen.getByLabelText('Plek om af te spreken'), 'Bij het buurthuis')
  await waitFor(() => screen.getByRole('option', { name: 'Rapenland' }))
  await userEvent.selectOptions(screen.getByLabelText('In welke buurt?'), 'n1')
}

describe('EventNewView', () => {
  beforeEach(() => {
    localStorage.clear()
    agenda.createEvent.mockReset()
    agenda.listMyInitiatives.mockReset().mockResolvedValue([])
  })

  it('says in B1 what is missing and sends nothing', async () => {
    await renderWithApp(EventNewView)
    await userEvent.click(screen.getByRole('button', { name: 'Zet in de agenda' }))
    expect(screen.getByText('Geef de activiteit een naam van 3 tot 120 tekens.')).toBeTruthy()
    expect(screen.getByText('Vul in wanneer het begint.')).toBeTruthy()
    expect(screen.getByText('Noem een plek om af te spreken (3 tot 200 tekens).')).toBeTruthy()
    expect(screen.getByLabelText('Naam van de activiteit').getAttribute('aria-invalid')).toBe(
      'true',
    )
    expect(agenda.createEvent).not.toHaveBeenCalled()
  })

  it('keeps the draft and its id when the request fails, so a retry cannot make two', async () => {
    agenda.createEvent.mockRejectedValueOnce(new ApiError('offline'))
    await renderWithApp(EventNewView)
    await fillIn()
    await userEvent.click(screen.getByRole('button', { name: 'Zet in de agenda' }))
    await waitFor(() => expect(agenda.createEvent).toHaveBeenCalledTimes(1))
    const stored = JSON.parse(localStorage.getItem(EVENT_DRAFT_KEY)!)
    expect(stored.title).toBe('Soep in de tuin')
    agenda.createEvent.mockResolvedValueOnce({ id: stored.id })
    await userEvent.click(await screen.findByRole('button', { name: 'Probeer het opnieuw' }))
    await waitFor(() => expect(agenda.createEvent).toHaveBeenCalledTimes(2))
    const [first] = agenda.createEvent.mock.calls[0]
    const [second] = agenda.createEvent.mock.calls[1]
    expect(second.id).toBe(first.id)
    expect(first).toMatchObject({
      title: 'Soep in de tuin',
      neighbourhood_id: 'n1',
      capacity: null,
    })
  })
})
