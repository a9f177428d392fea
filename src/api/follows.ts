import { supabase } from './supabase'
import { check, unwrap } from './errors'

export interface Follow {
  id: string
  idea_id: string | null
  neighbourhood_id: string | null
}

export async function listFollows(userId: string): Promise<Follow[]> {
  return unwrap(
    await supabase.from('follows').select('id, idea_id, neighbourhood_id').eq('user_id', userId),
  )
}

export async function follow(target: { ideaId?: string; neighbourhoodId?: string }): Promise<void> {
  const { error } = await supabase.from('follows').insert({
    idea_id: target.ideaId ?? null,
    neighbourhood_id: target.neighbourhoodId ?? null,
  })
  if (error?.code === '23505') return
  check({ error })
}

export async function unfollow(
  userId: string,
  target: { ideaId?: string; neighbourhoodId?: string },
): Promise<void> {
  let query = supabase.from('follows').delete().eq('user_id', userId)
  if (target.ideaId) query = query.eq('idea_id', target.ideaId)
  if (target.neighbourhoodId) query = query.eq('neighbourhood_id', target.neighbourhoodId)
  check(await query)
}
