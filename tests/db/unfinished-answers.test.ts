// The team's answer templates mark blanks with "…" (U+2026). set_idea_status refuses an answer that
// still holds one, in every language the team may write in, and changes nothing when it does.
import { beforeAll, describe, expect, it } from 'vitest'
import ar from '../../src/i18n/locales/ar.json' with { type: 'json' }
import en from '../../src/i18n/locales/en.json' with { type: 'json' }
import nl from '../../src/i18n/locales/nl.json' with { type: 'json' }
import pl from '../../src/i18n/locales/pl.json' with { type: 'json' }
import tr from '../../src/i18n/locales/tr.json' with { type: 'json' }
import { sql } from '../support/clients.ts'
import { arrangeIdea, createUser, type TestUser } from '../support/users.ts'

const LOCALES = { nl, en, tr, ar, pl }

let team: TestUser
let author: TestUser

beforeAll(async () => {
  ;[team, author] = await Promise.all([createUser({ role: 'moderator' }), createUser()])
})

/** What an answer left behind: the idea's status, its public trail, messages and the log. */
async function traces(ideaId: string) {
  const [idea] = await sql('select status from public.ideas where id = $1', [ideaId])
  const [counts] = await sql(
    `select (select count(*)::int from public.idea_updates where idea_id = $1) as updates,
            (select count(*)::int from public.notifications
              where idea_id = $1 and kind = 'status_update') as notifications,
            (select count(*)::int from public.moderation_log where target_id = $1) as log`,
    [ideaId],
  )
  return { status: idea.status, ...counts }
}

describe('answers with blanks left in (set_idea_status)', () => {
  it.each(Object.entries(LOCALES))(
    'refuses the %s "not feasible" template as it comes, and changes nothing',
    async (_lang, messages) => {
      const template = messages.moderation.templates.not_feasible
      expect(template).toContain('\u2026')
      const idea = await arrangeIdea(author.id)
      const { data, error } = await team.client.rpc('set_idea_status', {
        idea_id: idea,
        status: 'not_feasible',
        message: template,
      })
      expect(data).toBeNull()
      expect(error?.code).toBe('P0001')
      expect(error?.message).toBe('update_message_unfinished')
      expect(await traces(idea)).toEqual({ status: 'new', updates: 0, notifications: 0, log: 0 })
    },
  )

  it('refuses one blank left among filled ones, for any status', async () => {
    const idea = await arrangeIdea(author.id)
    const { error } = await team.client.rpc('set_idea_status', {
      idea_id: idea,
      status: 'in_review',
      message: 'We kijken ernaar met Woonbedrijf. We weten meer in …',
    })
    expect(error?.message).toBe('update_message_unfinished')
    expect(await traces(idea)).toEqual({ status: 'new', updates: 0, notifications: 0, log: 0 })
  })

  it('puts the template online once every blank is filled in', async () => {
    const idea = await arrangeIdea(author.id)
    const filled = nl.moderation.templates.not_feasible
      .replace('\u2026', 'de grond is van de gemeente.')
      .replace('\u2026', 'het plan voor de nieuwe weg.')
    expect(filled).not.toContain('\u2026')
    const { data, error } = await team.client.rpc('set_idea_status', {
      idea_id: idea,
      status: 'not_feasible',
      message: filled,
    })
    expect(error).toBeNull()
    expect(data.message).toBe(filled)
    expect(await traces(idea)).toEqual({
      status: 'not_feasible',
      updates: 1,
      notifications: 1,
      log: 1,
    })
  })

  it('lets three plain dots through: only the template marker counts as a blank', async () => {
    const idea = await arrangeIdea(author.id)
    const message = 'We kijken ernaar... We laten het je binnen 2 weken weten.'
    const { data, error } = await team.client.rpc('set_idea_status', {
      idea_id: idea,
      status: 'in_review',
      message,
    })
    expect(error).toBeNull()
    expect(data.message).toBe(message)
  })
})

describe('merging (merge_idea)', () => {
  it('still quotes a title that ends in "…": the merge template has no blanks of its own', async () => {
    const original = await arrangeIdea(author.id, { title: 'Een bankje bij de vijver…' })
    const duplicate = await arrangeIdea(author.id)
    const message = nl.moderation.templates.merged.replace('{title}', 'Een bankje bij de vijver…')
    const { data, error } = await team.client.rpc('merge_idea', {
      duplicate,
      original,
      message,
    })
    expect(error).toBeNull()
    expect(data.message).toBe(message)
  })
})
