import { supabase } from './supabase'
import { ApiError, check, unwrap } from './errors'
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

/**
 * Changes the text of one's own comment. The database allows it within 15 minutes of posting
 * (comment_edit_window_closed after that) and only for the author: for anyone else the update
 * matches no row, which we answer as "not found".
 */
export async function updateComment(id: string, body: string): Promise<void> {
  const { data, error } = await supabase.from('comments').update({ body }).eq('id', id).select('id')
  check({ error })
  if (!data?.length) throw new ApiError('notFound')
}
