import { supabase } from './supabase'
import { check } from './errors'

export async function hasVoted(ideaId: string, userId: string): Promise<boolean> {
  const result = await supabase
    .from('votes')
    .select('idea_id')
    .eq('idea_id', ideaId)
    .eq('user_id', userId)
    .maybeSingle()
  check(result)
  return result.data !== null
}

export async function vote(ideaId: string): Promise<void> {
  const { error } = await supabase.from('votes').insert({ idea_id: ideaId })
  // Already voted (a double click, another tab): the wanted state is there.
  if (error?.code === '23505') return
  check({ error })
}

/** RLS limits the delete to the caller's own vote. */
export async function unvote(ideaId: string): Promise<void> {
  check(await supabase.from('votes').delete().eq('idea_id', ideaId))
}
