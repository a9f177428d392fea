import { supabase } from './supabase'
import { check } from './errors'

export async function report(
  target: { ideaId?: string; commentId?: string },
  reason: string,
): Promise<void> {
  check(
    await supabase.from('reports').insert({
      idea_id: target.ideaId ?? null,
      comment_id: target.commentId ?? null,
      reason,
    }),
  )
}
