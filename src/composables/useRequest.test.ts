import { describe, expect, it } from 'vitest'
import { useRequest } from './useRequest'

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('useRequest', () => {
  it('is loading while it asks, then holds the answer', async () => {
    const answer = deferred<number>()
    const r = useRequest(() => answer.promise)
    const done = r.load()
    expect(r.loading.value).toBe(true)
    answer.resolve(7)
    await done
    expect(r).toMatchObject({ loading: { value: false }, loaded: { value: true } })
    expect(r.data.value).toBe(7)
    expect(r.error.value).toBeNull()
  })

  it('keeps what was shown when asking again fails, and clears the error on a retry', async () => {
    let next: () => Promise<number> = async () => 1
    const r = useRequest(() => next())
    await r.load()
    const failure = new Error('offline')
    next = () => Promise.reject(failure)
    await r.load()
    expect(r.error.value).toBe(failure)
    expect(r.data.value).toBe(1)
    next = async () => 2
    await r.load()
    expect(r.error.value).toBeNull()
    expect(r.data.value).toBe(2)
  })

  it('keeps only the newest answer when an older one arrives late', async () => {
    const slow = deferred<string>()
    const fast = deferred<string>()
    const answers = [slow, fast]
    const r = useRequest(() => answers.shift()!.promise)
    const first = r.load()
    const second = r.load()
    fast.resolve('new period')
    await second
    slow.resolve('old period')
    await first
    expect(r.data.value).toBe('new period')
    expect(r.loading.value).toBe(false)
  })
})
