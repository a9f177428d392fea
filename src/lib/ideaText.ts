import type { ErrorReason } from '@/api/errors'
import { DEFAULT_RULES, type AppRules } from '@/lib/appConfig'

type TextRules = Pick<
  AppRules,
  'idea_title_min' | 'idea_title_max' | 'idea_body_min' | 'idea_body_max'
>

/**
 * What is wrong with an idea's title and body before sending, as error reasons (errors.*). The
 * lengths are the database's (app_config().rules, from stores/appConfig.ts); the defaults are
 * checked against the database by tests/db/app-config.test.ts.
 */
export function ideaTextProblems(
  title: string,
  body: string,
  rules: TextRules = DEFAULT_RULES,
): Partial<Record<'title' | 'body', ErrorReason>> {
  const problems: Partial<Record<'title' | 'body', ErrorReason>> = {}
  const t = title.trim().length
  const b = body.trim().length
  if (t < rules.idea_title_min) problems.title = 'titleTooShort'
  else if (t > rules.idea_title_max) problems.title = 'titleTooLong'
  if (b < rules.idea_body_min) problems.body = 'bodyTooShort'
  else if (b > rules.idea_body_max) problems.body = 'bodyTooLong'
  return problems
}
