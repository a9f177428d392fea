import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { ApiError } from '@/api/errors'
import { DRAFT_KEY } from '@/composables/useIdeaDraft'
import { renderWithApp } from '@/testing/render'
import IdeaNewView from './IdeaNewView.vue'

const ideas = vi.hoisted(() => ({ createIdea: vi.fn(), similarIdeas: vi.fn() }))
vi.mock('@/api/ideas', () => ideas)
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

async function fillIn() {
  await userEvent.type(screen.getByLabelText('Geef je idee een korte titel'), 'Bankjes in het park')
  await userEvent.type(
    screen.getByLabelText('Vertel meer over je idee'),
    'Ouderen willen even kunnen zitten als ze wandelen.',
  )
  await waitFor(() => screen.getByRole('option', { name: 'Rapenland' }))
  await userEvent.selectOptions(screen.getByLabelText('In welke buurt?'), 'n1')
  await userEvent.selectOptions(screen.getByLabelText('Welk thema past erbij?'), 't1')
}

describe('IdeaNewView', () => {
  beforeEach(() => {
    ideas.createIdea.mockReset()
    ideas.similarIdeas.mockReset().mockResolvedValue([])
  })

  it('explains in B1 what is missing and sends nothing', async () => {
    await renderWithApp(IdeaNewView)
    await userEvent.type(screen.getByLabelText('Geef je idee een korte titel'), 'Bank')
    await userEvent.click(screen.getByRole('button', { name: 'Zet je idee in de emmer' }))
    expect(screen.getByText('Je titel is te kort. Gebruik minstens 5 letters.')).toBeTruthy()
    expect(screen.getByText('Je uitleg is te kort. Schrijf minstens 20 letters.')).toBeTruthy()
    expect(screen.getByText('Kies de buurt waar je idee over gaat.')).toBeTruthy()
    expect(screen.getByLabelText('Geef je idee een korte titel').getAttribute('aria-invalid')).toBe(
      'true',
    )
    expect(ideas.createIdea).not.toHaveBeenCalled()
  })

  it('restores the draft after a reload', async () => {
    localStorage.setItem(
      DRAFT_KEY,
      JSON.stringify({ id: 'd1', title: 'Meer groen', body: 'Bomen in de straat.' }),
    )
    await renderWithApp(IdeaNewView)
    expect((screen.getByLabelText('Geef je idee een korte titel') as HTMLInputElement).value).toBe(
      'Meer groen',
    )
    expect(screen.getByText('We hebben je tekst van de vorige keer teruggezet.')).toBeTruthy()
  })

  it('keeps the text after a failed request and retries with the same id', async () => {
    ideas.createIdea
      .mockRejectedValueOnce(new ApiError('offline'))
      .mockImplementationOnce(async (idea: { id: string }) => ({ id: idea.id }))
    const { router } = await renderWithApp(IdeaNewView)
    await fillIn()
    await userEvent.click(screen.getByRole('button', { name: 'Zet je idee in de emmer' }))

    await screen.findByText('Je tekst is bewaard. Je kunt het gewoon opnieuw proberen.')
    expect((screen.getByLabelText('Geef je idee een korte titel') as HTMLInputElement).value).toBe(
      'Bankjes in het park',
    )
    expect(JSON.parse(localStorage.getItem(DRAFT_KEY)!).title).toBe('Bankjes in het park')

    await userEvent.click(screen.getByRole('button', { name: 'Probeer het opnieuw' }))
    await waitFor(() => expect(ideas.createIdea).toHaveBeenCalledTimes(2))
    const [first, second] = ideas.createIdea.mock.calls.map((call) => call[0].id)
    expect(second).toBe(first)
    await waitFor(() => expect(router.currentRoute.value.name).toBe('idea-posted'))
    expect(localStorage.getItem(DRAFT_KEY)).toBeNull()
  })

  it('shows look-alike ideas while typing', async () => {
    ideas.similarIdeas.mockResolvedValue([
      { id: 'x', title: 'Bankjes bij de vijver', vote_count: 3, status: 'new' },
    ])
    await renderWithApp(IdeaNewView)
    await userEvent.type(screen.getByLabelText('Geef je idee een korte titel'), 'Bankjes erbij')
    expect(
      await screen.findByRole('link', { name: 'Bankjes bij de vijver' }, { timeout: 2000 }),
    ).toBeTruthy()
  })
})
