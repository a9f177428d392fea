import { supabase } from './supabase'
import { check, unwrap } from './errors'
import type { Database } from './database.types'

export type Comment = Pick<
  Database['public']['Tables']['comments']['Row'],
  'id' | 'idea_id' | 'author_id' | 'parent_id' | 'body' | 'hidden_at' | 'created_at'
>

const COLUMNS = 'id, idea_id, author_id, parent_id, body, hidden_at, created_at'

export async function listComments(ideaId: string): Promise<Comment[]> {
  return unwrap(
    await supabase.from('comments').select(COLUMNS).eq('idea_id', ideaId).order('created_at'),
  )
}

export async function listCommentsByAuthor(authorId: string): Promise<Comment[]> {
  return unwrap(
    await supabase
      .from('comments')
      .select(COLUMNS)
      .eq('author_id', authorId)
      .order('created_at', { ascending: false }),
  )
}

export async function addComment(input: {
  id: string
  ideaId: string
  body: string
  parentId: string | null
}): Promise<void> {
  const { error } = await supabase.from('comments').insert({
    id: input.id,
    idea_id: input.ideaId,
    parent_id: input.parentId,
    body: input.body,
  })
  // Same rule as ideas: a retry of a comment that already landed is a success.
  if (error?.code === '23505') return
  check({ error })
}
