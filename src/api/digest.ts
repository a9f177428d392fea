import { supabase } from './supabase'
import { check } from './errors'

/** How often a person gets their unread berichten by e-mail (table digest_settings). */
export type DigestFrequency = 'off' | 'daily' | 'weekly'

export async function fetchDigestFrequency(userId: string): Promise<DigestFrequency> {
  const result = await supabase
    .from('digest_settings')
    .select('frequency')
    .eq('user_id', userId)
    .maybeSingle()
  check(result)
  // A text column with a check constraint, so the generated type is plain string.
  return (result.data?.frequency ?? 'off') as DigestFrequency
}

/**
 * Saves the signed-in person's choice. Without user_id on purpose: the column defaults to
 * auth.uid(), and an upsert updates every column it sends, while people may update only frequency
 * (sending user_id made every save fail with "permission denied").
 */
export async function saveDigestFrequency(frequency: DigestFrequency): Promise<void> {
  check(await supabase.from('digest_settings').upsert({ frequency }, { onConflict: 'user_id' }))
}
