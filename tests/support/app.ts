// The app's own API modules (src/api/*) against the test stack: the same functions the pages
// call, with the one client they share pointed at a test person's client.
import type { SupabaseClient } from '@supabase/supabase-js'
import { reasonFor } from '@/api/errors'
import { setApiClient, type ApiClient } from '@/api/supabase'

/** Runs an app call as this person. Test files run their tests one after another. */
export async function asPerson<T>(client: SupabaseClient, call: () => Promise<T>): Promise<T> {
  setApiClient(client as unknown as ApiClient)
  return call()
}

/** Runs an app call as this person; returns its result, or the reason the page would show. */
export async function reasonOrResult<T>(
  client: SupabaseClient,
  call: () => Promise<T>,
): Promise<T | string> {
  try {
    return await asPerson(client, call)
  } catch (e) {
    return reasonFor(e)
  }
}
