import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { ApiError } from '@/api/errors'
import { EDIT_DRAFT_PREFIX } from '@/composables/useIdeaEditDraft'
import { renderWithApp } from '@/testing/render'
import IdeaEditForm from './IdeaEditForm.vue'

const ideas = vi.hoisted(() => ({ updateIdeaText: vi.fn() }))
vi.mock('@/api/ideas', () => ideas)

const idea = {
  id: 'i1',
  title: 'Bankjes in het park',
  body: 'Ouderen willen even kunnen zitten als ze wandelen.',
}
const titleField = () => screen.getByLabelText('Geef je idee een korte titel') as HTMLInputElement
const bodyField = () => screen.getByLabelText('Vertel meer over je idee') as HTMLTextAreaElement
const save = () => userEvent.click(screen.getByRole('button', { name: 'Bewaar je aanpassing' }))

describe('IdeaEditForm', () => {
  beforeEach(() => {
    ideas.updateIdeaText.mockReset()
  })

  it('starts with the idea as it is', async () => {
    await renderWithApp(IdeaEditForm, { props: { idea } })
    expect(titleField().value).toBe(idea.title)
    expect(bodyField().value).toBe(idea.body)
  })

  it('explains in B1 what is wrong and sends nothing', async () => {
    await renderWithApp(IdeaEditForm, { props: { idea } })
    await userEvent.clear(titleField())
    await userEvent.type(titleField(), 'Bank')
    await userEvent.clear(bodyField())
    await userEvent.type(bodyField(), 'Te kort')
    await save()
    expect(screen.getByText('Je titel is te kort. Gebruik minstens 5 letters.')).toBeTruthy()
    expect(screen.getByText('Je uitleg is te kort. Schrijf minstens 20 letters.')).toBeTruthy()
    expect(titleField().getAttribute('aria-invalid')).toBe('true')
    expect(ideas.updateIdeaText).not.toHaveBeenCalled()
  })

  it('saves the trimmed text, tells the page and forgets the draft', async () => {
    ideas.updateIdeaText.mockImplementation(async (id: string, text: object) => ({ id, ...text }))
    const { emitted } = await renderWithApp(IdeaEditForm, { props: { idea } })
    await userEvent.clear(titleField())
    await userEvent.type(titleField(), '  Meer bankjes in het park  ')
    expect(localStorage.getItem(EDIT_DRAFT_PREFIX + 'i1')).toContain('Meer bankjes')
    await save()
    await waitFor(() => expect(emitted().saved).toBeTruthy())
    expect(ideas.updateIdeaText).toHaveBeenCalledWith('i1', {
      title: 'Meer bankjes in het park',
      body: idea.body,
    })
    expect(emitted().saved[0]).toEqual([
      { id: 'i1', title: 'Meer bankjes in het park', body: idea.body },
    ])
    expect(localStorage.getItem(EDIT_DRAFT_PREFIX + 'i1')).toBeNull()
  })

  it('keeps what was typed when the request fails, and a retry sends it again', async () => {
    ideas.updateIdeaText
      .mockRejectedValueOnce(new ApiError('offline'))
      .mockImplementationOnce(async (id: string, text: object) => ({ id, ...text }))
    const { emitted } = await renderWithApp(IdeaEditForm, { props: { idea } })
    await userEvent.type(bodyField(), ' En een prullenbak erbij.')
    await save()
    await screen.findByText('Je tekst is bewaard. Je kunt het gewoon opnieuw proberen.')
    expect(bodyField().value).toBe(`${idea.body} En een prullenbak erbij.`)
    expect(JSON.parse(localStorage.getItem(EDIT_DRAFT_PREFIX + 'i1')!).body).toContain('prullenbak')
    expect(emitted().refused).toBeUndefined()

    await userEvent.click(screen.getByRole('button', { name: 'Probeer het opnieuw' }))
    await waitFor(() => expect(emitted().saved).toBeTruthy())
    expect(ideas.updateIdeaText.mock.calls[1][1].body).toContain('prullenbak')
  })

  it("shows the database's refusal in B1, keeps the text and tells the page", async () => {
    ideas.updateIdeaText.mockRejectedValue(new ApiError('ideaEditWindowClosed'))
    const { emitted } = await renderWithApp(IdeaEditForm, { props: { idea } })
    await userEvent.clear(titleField())
    await userEvent.type(titleField(), 'Een nieuwe titel')
    await save()
    expect(
      (await screen.findByRole('alert')).textContent?.includes(
        'Je kunt je idee niet meer aanpassen. Dat kan alleen de eerste 24 uur.',
      ),
    ).toBe(true)
    expect(titleField().value).toBe('Een nieuwe titel')
    expect(emitted().refused[0]).toEqual(['ideaEditWindowClosed'])
    expect(emitted().saved).toBeUndefined()
    // No "try again": it would not help.
    expect(
      screen.queryByText('Je tekst is bewaard. Je kunt het gewoon opnieuw proberen.'),
    ).toBeNull()
  })

  it('brings back the text of an earlier visit and says so', async () => {
    localStorage.setItem(
      EDIT_DRAFT_PREFIX + 'i1',
      JSON.stringify({ title: 'Bankjes bij de vijver', body: idea.body }),
    )
    await renderWithApp(IdeaEditForm, { props: { idea } })
    expect(titleField().value).toBe('Bankjes bij de vijver')
    expect(screen.getByText('We hebben je aanpassing van de vorige keer teruggezet.')).toBeTruthy()
  })

  it('forgets the draft when the author stops', async () => {
    const { emitted } = await renderWithApp(IdeaEditForm, { props: { idea } })
    await userEvent.type(titleField(), ' en meer')
    await userEvent.click(screen.getByRole('button', { name: 'Laat je idee zoals het was' }))
    expect(emitted().cancel).toBeTruthy()
    expect(localStorage.getItem(EDIT_DRAFT_PREFIX + 'i1')).toBeNull()
  })

  it('gives the B1 readability hint on the text', async () => {
    await renderWithApp(IdeaEditForm, { props: { idea } })
    expect(await screen.findByText('Leesbaarheid:', {}, { timeout: 3000 })).toBeTruthy()
  })
})
