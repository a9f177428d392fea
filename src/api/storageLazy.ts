// Storage on first use, like Realtime (see src/api/realtimeLazy.ts): supabase-js builds its
// StorageClient when the client is created, which would put storage-js (about 7 KB of gzipped
// JS) on every first visit. In the production build vite.config.ts points supabase-js's import
// of '@supabase/storage-js' here. Code that uses Storage first calls
// `await (supabase.storage as { load?: () => Promise<unknown> }).load?.()` (the tests and the dev
// server have the real client, without `load`); until then any use throws an error that says so.
import type { StorageClient as RealClient } from '@supabase/storage-js'

type Args = ConstructorParameters<typeof RealClient>

/** Errors from the real storage-js still pass `instanceof StorageApiError` from supabase-js. */
export class StorageApiError extends Error {
  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { __isStorageError?: unknown }).__isStorageError === true &&
      (value as { name?: unknown }).name === 'StorageApiError'
    )
  }
}

export class StorageClient {
  private real: RealClient | null = null
  private loading: Promise<RealClient> | null = null
  private readonly args: Args

  constructor(...args: Args) {
    this.args = args
    // Everything else (from, listBuckets, …) goes to the real client once it is loaded.
    return new Proxy(this, {
      get(target, prop, receiver) {
        if (prop in target) return Reflect.get(target, prop, receiver)
        if (!target.real) {
          throw new Error('Storage is not loaded yet: await supabase.storage.load() first')
        }
        const value = Reflect.get(target.real, prop) as unknown
        return typeof value === 'function' ? value.bind(target.real) : value
      },
    })
  }

  load(): Promise<RealClient> {
    this.loading ??= import('emmer:storage-js').then(({ StorageClient: Real }) => {
      this.real = new Real(...this.args)
      return this.real
    })
    return this.loading
  }
}
