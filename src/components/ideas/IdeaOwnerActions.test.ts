import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { ApiError } from '@/api/errors'
import { useAnnouncerStore } from '@/stores/announcer'
import { useIdeasListStore } from '@/stores/ideasList'
import { renderWithApp } from '@/testing/render'
import IdeaOwnerActions from './IdeaOwnerActions.vue'

const ideas = vi.hoisted(() => ({ updateIdeaText: vi.fn(), withdrawIdea: vi.fn() }))
vi.mock('@/api/ideas', () => ideas)

const idea = {
  id: 'i1',
  title: 'Bankjes in het park',
  body: 'Ouderen willen even kunnen zitten als ze wandelen.',
}
const props = (over: Record<string, unknown> = {}) => ({
  idea,
  canEdit: true,
  canWithdraw: true,
  othersVoted: false,
  editableUntil: new Date('2026-06-02T10:00:00Z'),
  ...over,
})

describe('IdeaOwnerActions', () => {
  beforeEach(() => {
    ideas.updateIdeaText.mockReset()
    ideas.withdrawIdea.mockReset()
  })

  it('shows nothing when the author may neither change nor withdraw', async () => {
    const { container } = await renderWithApp(IdeaOwnerActions, {
      props: props({ canEdit: false, canWithdraw: false }),
    })
    expect(container.querySelector('section')).toBeNull()
  })

  it('offers only what is still allowed, and says why withdrawing is not', async () => {
    await renderWithApp(IdeaOwnerActions, {
      props: props({ canWithdraw: false, othersVoted: true }),
    })
    expect(screen.getByRole('button', { name: 'Pas je idee aan' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Trek je idee in' })).toBeNull()
    expect(
      screen.getByText(
        'Je kunt je idee niet meer intrekken. Andere mensen hebben er al op gestemd.',
      ),
    ).toBeTruthy()
  })

  it('opens the form, and after saving gives the new text to the page and says so', async () => {
    ideas.updateIdeaText.mockImplementation(async (id: string, text: object) => ({ id, ...text }))
    const { emitted } = await renderWithApp(IdeaOwnerActions, { props: props() })
    const list = useIdeasListStore()
    list.items = [{ ...idea, id: 'i1' } as never]
    await userEvent.click(screen.getByRole('button', { name: 'Pas je idee aan' }))
    const title = screen.getByLabelText('Geef je idee een korte titel')
    expect(document.activeElement).toBe(title)
    await userEvent.type(title, ' en bomen')
    await userEvent.click(screen.getByRole('button', { name: 'Bewaar je aanpassing' }))
    await waitFor(() => expect(emitted().saved).toBeTruthy())
    expect(list.items[0].title).toBe('Bankjes in het park en bomen')
    await waitFor(() => expect(useAnnouncerStore().message).toBe('Je idee is aangepast.'))
    // Back on the button the author started from.
    expect(document.activeElement?.textContent?.trim()).toBe('Pas je idee aan')
  })

  it('asks first and says the idea disappears for everyone; "no" changes nothing', async () => {
    await renderWithApp(IdeaOwnerActions, { props: props() })
    await userEvent.click(screen.getByRole('button', { name: 'Trek je idee in' }))
    const question = screen.getByRole('group', { name: /Wil je je idee echt intrekken\?/ })
    expect(question.textContent).toContain('Je idee verdwijnt dan voor iedereen.')
    expect(document.activeElement).toBe(question)
    await userEvent.click(screen.getByRole('button', { name: 'Nee, laat mijn idee staan' }))
    expect(ideas.withdrawIdea).not.toHaveBeenCalled()
    expect(document.activeElement?.textContent?.trim()).toBe('Trek je idee in')
  })

  it('withdraws, goes to the list without the idea and tells screen readers', async () => {
    ideas.withdrawIdea.mockResolvedValue(undefined)
    const { router } = await renderWithApp(IdeaOwnerActions, { props: props() })
    await router.push('/idee/i1')
    const list = useIdeasListStore()
    list.items = [{ id: 'i1' } as never, { id: 'i2' } as never]
    list.loaded = true
    await userEvent.click(screen.getByRole('button', { name: 'Trek je idee in' }))
    await userEvent.click(screen.getByRole('button', { name: 'Ja, trek mijn idee in' }))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('ideas'))
    expect(ideas.withdrawIdea).toHaveBeenCalledWith('i1')
    expect(list.items.map((i) => i.id)).toEqual(['i2'])
    await waitFor(() =>
      expect(useAnnouncerStore().message).toBe(
        'Je idee is ingetrokken. Alleen het team ziet het nog.',
      ),
    )
  })

  it('when the database refuses, says why in B1, stays on the page and asks for a reload', async () => {
    ideas.withdrawIdea.mockRejectedValue(new ApiError('ideaWithdrawHasVotes'))
    const { router, emitted } = await renderWithApp(IdeaOwnerActions, { props: props() })
    await router.push('/idee/i1')
    await userEvent.click(screen.getByRole('button', { name: 'Trek je idee in' }))
    await userEvent.click(screen.getByRole('button', { name: 'Ja, trek mijn idee in' }))
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Andere mensen hebben er al op gestemd.',
    )
    expect(emitted().stale).toBeTruthy()
    expect(router.currentRoute.value.name).toBe('idea')
  })
})
