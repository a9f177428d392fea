import { supabase } from './supabase'
import { ApiError, check, unwrap } from './errors'
import type { Database } from './database.types'

export type Comment = Pick<
  Database['public']['Tables']['comments']['Row'],
  'id' | 'idea_id' | 'author_id' | 'parent_id' | 'body' | 'hidden_at' | 'created_at' | 'language'
>

const COLUMNS = 'id, idea_id, author_id, parent_id, body, hidden_at, created_at, language'

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
  /** The language it is written in (the writer's interface language unless they chose another). */
  language?: string
}): Promise<void> {
  const { error } = await supabase.from('comments').insert({
    id: input.id,
    idea_id: input.ideaId,
    parent_id: input.parentId,
    body: input.body,
    ...(input.language ? { language: input.language } : {}),
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
