// "Vertaal naar het Nederlands" / "Toon origineel" on comments (TranslatableText through
// CommentThread, as on the idea page), with the translate API mocked: the button only for
// signed-in people, only with a provider, only for a text in another language; the translation
// marked as made by a computer; a refusal in words.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, waitFor, within } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'

const api = vi.hoisted(() => ({ addComment: vi.fn(), updateComment: vi.fn() }))
vi.mock('@/api/comments', () => api)
const translate = vi.hoisted(() => ({ translationAvailable: vi.fn(), translateText: vi.fn() }))
vi.mock('@/api/translate', () => translate)
import { ApiError } from '@/api/errors'
import { resetTranslationAvailability } from '@/composables/useTranslation'
import { renderAs, thread } from '@/testing/commentThread'

const turkish = () =>
  thread().map((c, i) => (i === 1 ? { ...c, body: 'Katılıyorum.', language: 'tr' } : c))
const commentOf = (text: string) => screen.getByText(text).closest('article')!

describe('translating a comment', () => {
  beforeEach(() => {
    resetTranslationAvailability()
    translate.translationAvailable.mockReset().mockResolvedValue(true)
    translate.translateText.mockReset()
  })
  afterEach(() => vi.clearAllMocks())

  it('translates a Turkish comment into Dutch and shows the original again', async () => {
    translate.translateText.mockResolvedValue('Ik ben het ermee eens.')
    await renderAs('a1', turkish())
    const piet = commentOf('Katılıyorum.')
    const button = await within(piet).findByRole('button', { name: 'Vertaal naar het Nederlands' })
    // Dutch comments get no button.
    expect(within(commentOf('Goed plan!')).queryByRole('button', { name: /Vertaal/ })).toBeNull()
    expect(screen.getByText('Katılıyorum.').getAttribute('lang')).toBe('tr')

    await userEvent.click(button)
    const translated = await within(piet).findByText('Ik ben het ermee eens.')
    expect(translated.getAttribute('lang')).toBe('nl')
    expect(translate.translateText).toHaveBeenCalledWith({
      table: 'comments',
      id: 'c2',
      field: 'body',
      target: 'nl',
    })
    expect(within(piet).getByText(/Vertaald door een computer/)).toBeTruthy()

    await userEvent.click(within(piet).getByRole('button', { name: 'Toon origineel' }))
    expect(within(piet).getByText('Katılıyorum.')).toBeTruthy()
    expect(within(piet).queryByText(/Vertaald door een computer/)).toBeNull()
    // Back to the translation without asking again.
    await userEvent.click(within(piet).getByRole('button', { name: 'Vertaal naar het Nederlands' }))
    expect(within(piet).getByText('Ik ben het ermee eens.')).toBeTruthy()
    expect(translate.translateText).toHaveBeenCalledTimes(1)
  })

  it('shows no button without a provider', async () => {
    translate.translationAvailable.mockResolvedValue(false)
    await renderAs('a1', turkish())
    await waitFor(() => expect(translate.translationAvailable).toHaveBeenCalled())
    await Promise.resolve()
    expect(screen.queryByRole('button', { name: /Vertaal/ })).toBeNull()
  })

  it('shows no button to a visitor, and does not even ask', async () => {
    await renderAs(null, turkish())
    expect(screen.getByText('Katılıyorum.')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Vertaal/ })).toBeNull()
    expect(translate.translationAvailable).not.toHaveBeenCalled()
  })

  it('says so in words when the limit is reached, and keeps the original', async () => {
    translate.translateText.mockRejectedValue(new ApiError('limitTranslations'))
    await renderAs('a1', turkish())
    const piet = commentOf('Katılıyorum.')
    await userEvent.click(
      await within(piet).findByRole('button', { name: 'Vertaal naar het Nederlands' }),
    )
    expect((await within(piet).findByRole('alert')).textContent).toContain(
      'al veel vertalingen gevraagd',
    )
    expect(within(piet).getByText('Katılıyorum.')).toBeTruthy()
  })
})
