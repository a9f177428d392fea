import type { ErrorReason } from '@/api/errors'

/** The lengths the database allows (ideas_title_length, ideas_body_length). */
export const TITLE_MAX = 120
export const BODY_MAX = 5000
const TITLE_MIN = 5
const BODY_MIN = 20

/** What is wrong with an idea's title and body before sending, as error reasons (errors.*). */
export function ideaTextProblems(
  title: string,
  body: string,
): Partial<Record<'title' | 'body', ErrorReason>> {
  const problems: Partial<Record<'title' | 'body', ErrorReason>> = {}
  const t = title.trim().length
  const b = body.trim().length
  if (t < TITLE_MIN) problems.title = 'titleTooShort'
  else if (t > TITLE_MAX) problems.title = 'titleTooLong'
  if (b < BODY_MIN) problems.body = 'bodyTooShort'
  else if (b > BODY_MAX) problems.body = 'bodyTooLong'
  return problems
}
