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

/** Whether the person gets a mail when the team answers their idea (answer-mail function). */
export async function fetchAnswerMail(userId: string): Promise<boolean> {
  const result = await supabase
    .from('digest_settings')
    .select('answer_mail')
    .eq('user_id', userId)
    .maybeSingle()
  check(result)
  return result.data?.answer_mail ?? false
}

/**
 * Saves the signed-in person's mail choices (digest and answer mail). Without user_id on purpose:
 * the column defaults to auth.uid(), and an upsert updates every column it sends, while people
 * may update only frequency and answer_mail (sending user_id made every save fail).
 */
export async function saveMailSettings(
  frequency: DigestFrequency,
  answerMail: boolean,
): Promise<void> {
  check(
    await supabase
      .from('digest_settings')
      .upsert({ frequency, answer_mail: answerMail }, { onConflict: 'user_id' }),
  )
}
