/**
 * Requests for the first screen, started in main.ts while the page's own code still downloads
 * (before, they waited for the route chunk and the mount). The page claims each request once by
 * the same key; every later load asks the API as usual, and after the first page change the
 * unclaimed ones are dropped, so nobody is shown data that has been lying around.
 */
const early = new Map<string, Promise<unknown>>()

export function startEarly(key: string, request: () => Promise<unknown>): void {
  if (early.has(key)) return
  const promise = request()
  // The page that claims it sees the error; an unclaimed failure is no one's concern.
  promise.catch(() => undefined)
  early.set(key, promise)
}

/** The early request for `key` if one is waiting, else `request()`. */
export function claim<T>(key: string, request: () => Promise<T>): Promise<T> {
  const promise = early.get(key) as Promise<T> | undefined
  early.delete(key)
  return promise ?? request()
}

export function dropEarly(): void {
  early.clear()
}
