// Machine translation of ideas, comments and the team's answers (issue #14), through the Edge
// Function `translate` (supabase/functions/translate). The function and Postgres decide who may
// have what; this only asks and turns refusals into the app's reasons.
import { FunctionsFetchError, FunctionsHttpError } from '@supabase/supabase-js'
import { supabase } from './supabase'
import { ApiError, toApiError } from './errors'
import type { Locale } from '@/lib/appConfig'

export type TranslatableTable = 'ideas' | 'comments' | 'idea_updates'

export interface TranslationRequest {
  table: TranslatableTable
  id: string
  field: string
  target: Locale
}

/** Whether the project has a translation provider (the function says; false when unsure). */
export async function translationAvailable(): Promise<boolean> {
  const { data, error } = await supabase.functions.invoke('translate', { body: { check: true } })
  if (error) return false
  return (data as { available?: unknown } | null)?.available === true
}

export async function translateText(request: TranslationRequest): Promise<string> {
  const { data, error } = await supabase.functions.invoke('translate', {
    body: {
      source_table: request.table,
      source_id: request.id,
      field: request.field,
      target_language: request.target,
    },
  })
  if (!error) {
    const text = (data as { text?: unknown } | null)?.text
    if (typeof text === 'string') return text
    throw new ApiError('translationFailed')
  }
  if (error instanceof FunctionsHttpError) {
    const res = error.context as Response
    const body = (await res.json().catch(() => null)) as { error?: unknown } | null
    const key = typeof body?.error === 'string' ? body.error : ''
    throw toApiError({ message: key, hint: key, status: res.status })
  }
  if (error instanceof FunctionsFetchError) throw new ApiError('offline', undefined, error)
  throw toApiError(error)
}
