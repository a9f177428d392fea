// Realtime on the Emmer schema itself: a visitor following a neighbourhood sees new ideas there,
// and never a hidden one.
import { afterAll, expect, it } from 'vitest'
import { sql, stackInfo } from '../support/clients.ts'
import { realtimeClient, subscribed, uniqueName, waitFor } from './realtime-support.ts'

const created: string[] = []
afterAll(async () => {
  if (created.length) await sql('delete from public.ideas where id = any($1::uuid[])', [created])
})

it('streams new ideas of a followed neighbourhood to a visitor, without hidden ones', async () => {
  const [{ nb, other, theme }] = await sql<{ nb: string; other: string; theme: string }>(`
    select (select id from public.neighbourhoods order by slug limit 1) as nb,
           (select id from public.neighbourhoods order by slug offset 1 limit 1) as other,
           (select id from public.themes order by slug limit 1) as theme`)
  const visitor = await realtimeClient(stackInfo())
  const titles: string[] = []
  await subscribed(
    visitor
      .channel(uniqueName('buurt'))
      .on(
        'postgres_changes',
        { event: 'INSERT', schema: 'public', table: 'ideas', filter: `neighbourhood_id=eq.${nb}` },
        (p) => titles.push((p.new as { title: string }).title),
      ),
  )
  const insert = async (title: string, neighbourhood: string, hidden: boolean) => {
    const [{ id }] = await sql<{ id: string }>(
      `insert into public.ideas (author_id, title, body, theme_id, neighbourhood_id, hidden_at, hidden_reason)
       values (null, $1, 'Een idee om de buurt mooier te maken.', $2, $3, $4, $5) returning id`,
      [title, theme, neighbourhood, hidden ? new Date() : null, hidden ? 'spam' : null],
    )
    created.push(id)
  }
  await insert('Verborgen idee', nb, true)
  await insert('Idee elders', other, false)
  await insert('Meer bankjes', nb, false)
  await waitFor(() => titles.length > 0, 10_000, 'the visible idea')
  expect(titles).toEqual(['Meer bankjes'])
  await visitor.removeAllChannels()
})
