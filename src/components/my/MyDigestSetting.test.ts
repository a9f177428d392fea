// A choice made before the saved choices arrived was silently undone when they did: the inputs
// and the save button wait until the saved choices are in.
import { describe, expect, it, vi } from 'vitest'
import { screen, waitFor } from '@testing-library/vue'
import userEvent from '@testing-library/user-event'
import { renderWithApp } from '@/testing/render'
import MyDigestSetting from './MyDigestSetting.vue'

const api = vi.hoisted(() => ({
  fetchDigestFrequency: vi.fn(),
  fetchAnswerMail: vi.fn(),
  saveMailSettings: vi.fn(),
}))
vi.mock('@/api/digest', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/api/digest')>()),
  ...api,
}))

/** A promise the test settles itself: the saved choices arrive when the test says so. */
function later<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('MyDigestSetting', () => {
  it('keeps the answer-mail box and the digest choice locked until the saved choices are in, then keeps them', async () => {
    const frequency = later<'off' | 'daily' | 'weekly'>()
    const answer = later<boolean>()
    api.fetchDigestFrequency.mockReturnValue(frequency.promise)
    api.fetchAnswerMail.mockReturnValue(answer.promise)
    api.saveMailSettings.mockResolvedValue(undefined)
    await renderWithApp(MyDigestSetting, { props: { userId: 'u1' } })
    const user = userEvent.setup()

    const box = await screen.findByRole('checkbox')
    const weekly = screen.getAllByRole('radio')[2]
    // A click while loading changes nothing, so nothing can be undone later.
    await user.click(box)
    await user.click(weekly)
    expect((box as HTMLInputElement).disabled).toBe(true)
    expect((weekly as HTMLInputElement).disabled).toBe(true)
    expect((box as HTMLInputElement).checked).toBe(false)
    expect((weekly as HTMLInputElement).checked).toBe(false)

    frequency.resolve('daily')
    answer.resolve(true)
    await waitFor(() => expect((box as HTMLInputElement).disabled).toBe(false))
    expect((box as HTMLInputElement).checked).toBe(true)
    expect((screen.getAllByRole('radio')[1] as HTMLInputElement).checked).toBe(true)

    // Once loaded, the person's change stays and is what is saved.
    await user.click(box)
    await user.click(weekly)
    await user.click(screen.getByRole('button'))
    await waitFor(() => expect(api.saveMailSettings).toHaveBeenCalledWith('weekly', false))
    expect((box as HTMLInputElement).checked).toBe(false)
  })
})
