// "Stuur een bericht" (issue #16): a signed-in person writes the organiser of an initiative or an
// event through Emmer. Every denied path: nobody anonymous, nothing to a hidden or unknown target,
// nobody to themselves, nothing too short or too long, nobody past the rate limit (attempts, not
// rows), nobody reading someone else's messages or changing one; and nothing the sender can read
// holds the recipient's e-mail address. The mail itself: tests/stack/mail-contact.test.ts.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { anonClient, sql } from '../support/clients.ts'
import { createUser, createUsers, SEED, type TestUser } from '../support/users.ts'

let organiser: TestUser
let sender: TestUser
let bystander: TestUser
let initiative: string
let event: string

const BODY = 'Hallo, ik wil graag een keer meedoen met de soepgroep. Wanneer is de volgende keer?'

async function arrangeInitiative(organiserId: string) {
  const id = randomUUID()
  await sql(
    `insert into public.initiatives (id, name, description, neighbourhood_id, organiser_id)
     values ($1, 'Soepgroep Limbeek', 'Buren die elke maand samen soep koken.', $2, $3)`,
    [id, SEED.neighbourhoods.limbeekNoord, organiserId],
  )
  return id
}

async function arrangeEvent(organiserId: string) {
  const [row] = await sql<{ id: string }>(
    `insert into public.events (title, description, starts_at, ends_at, place, neighbourhood_id, organiser_id)
     values ('Koffie in de tuin', 'Samen koffie drinken en kennismaken.', now() + interval '5 days',
             now() + interval '5 days 2 hours', 'Buurthuis', $1, $2)
     returning id`,
    [SEED.neighbourhoods.limbeekNoord, organiserId],
  )
  return row.id
}

function send(who: TestUser | null, args: Record<string, unknown>) {
  const client = who ? who.client : anonClient()
  return client.rpc('send_contact_message', { id: randomUUID(), body: BODY, ...args })
}

beforeAll(async () => {
  ;[organiser, sender, bystander] = await createUsers(3)
  initiative = await arrangeInitiative(organiser.id)
  event = await arrangeEvent(organiser.id)
})

describe('sending', () => {
  it('a signed-in person writes the initiative’s organiser; the recipient is found by Postgres', async () => {
    const { data, error } = await send(sender, {
      initiative_id: initiative,
      // Not a parameter: the caller cannot choose the recipient.
    })
    expect(error).toBeNull()
    expect(data).toMatchObject({
      sender_id: sender.id,
      recipient_id: organiser.id,
      initiative_id: initiative,
      event_id: null,
      body: BODY,
      share_email: false,
    })
    const queued = await sql(
      `select kind, user_id from private.mail_queue where contact_message_id = $1`,
      [(data as { id: string }).id],
    )
    expect(queued).toEqual([{ kind: 'contact', user_id: organiser.id }])
  })

  it('and the event’s organiser, with the sender’s address allowed along', async () => {
    const { data, error } = await send(sender, { event_id: event, share_email: true })
    expect(error).toBeNull()
    expect(data).toMatchObject({ recipient_id: organiser.id, event_id: event, share_email: true })
  })

  it('a retried submit with the same id sends once and costs one attempt', async () => {
    const id = randomUUID()
    const [first, second] = await Promise.all([
      sender.client.rpc('send_contact_message', { id, body: BODY, initiative_id: initiative }),
      sender.client.rpc('send_contact_message', { id, body: BODY, initiative_id: initiative }),
    ])
    // Two at once: one inserts, the other waits for it and returns that row.
    expect([first.error, second.error]).toEqual([null, null])
    expect((first.data as { id: string }).id).toBe(id)
    expect((second.data as { id: string }).id).toBe(id)
    const third = await sender.client.rpc('send_contact_message', {
      id,
      body: 'Een andere tekst die niet verstuurd mag worden.',
      initiative_id: initiative,
    })
    expect(third.error).toBeNull()
    expect((third.data as { body: string }).body).toBe(BODY)
    expect(await sql('select 1 from public.contact_messages where id = $1', [id])).toHaveLength(1)
    expect(
      await sql('select 1 from private.mail_queue where contact_message_id = $1', [id]),
    ).toHaveLength(1)
  })

  it('someone else cannot reuse a message id (no reading another’s message through it)', async () => {
    const id = randomUUID()
    expect(
      (await sender.client.rpc('send_contact_message', { id, body: BODY, event_id: event })).error,
    ).toBeNull()
    const { data, error } = await bystander.client.rpc('send_contact_message', {
      id,
      body: BODY,
      event_id: event,
    })
    expect(data).toBeNull()
    expect(error?.message).toBe('contact_message_not_yours')
  })
})

describe('refused', () => {
  it('anonymous: not even allowed to call it', async () => {
    const count = async () =>
      (await sql('select count(*)::int as n from public.contact_messages'))[0].n as number
    const before = await count()
    const { error } = await send(null, { initiative_id: initiative })
    expect(error?.code).toBe('42501')
    expect(await count()).toBe(before)
  })

  it('a hidden initiative or event is the same as one that does not exist', async () => {
    const hiddenInitiative = await arrangeInitiative(organiser.id)
    const hiddenEvent = await arrangeEvent(organiser.id)
    await sql(
      `update public.initiatives set hidden_at = now(), hidden_reason = 'Reclame' where id = $1`,
      [hiddenInitiative],
    )
    await sql(
      `update public.events set hidden_at = now(), hidden_reason = 'Reclame' where id = $1`,
      [hiddenEvent],
    )
    for (const target of [
      { initiative_id: hiddenInitiative },
      { event_id: hiddenEvent },
      { initiative_id: randomUUID() },
      { event_id: randomUUID() },
    ]) {
      const { error } = await send(bystander, target)
      expect(error?.message).toBe('contact_target_not_found')
    }
    expect(
      await sql('select 1 from public.contact_messages where sender_id = $1', [bystander.id]),
    ).toEqual([])
  })

  it('no target, or two at once', async () => {
    expect((await send(sender, {})).error?.message).toBe('contact_target_missing')
    expect(
      (await send(sender, { initiative_id: initiative, event_id: event })).error?.message,
    ).toBe('contact_target_missing')
  })

  it('messaging yourself', async () => {
    expect((await send(organiser, { initiative_id: initiative })).error?.message).toBe(
      'contact_self',
    )
    expect((await send(organiser, { event_id: event })).error?.message).toBe('contact_self')
  })

  it('too short (after trimming), too long, and oversized input early', async () => {
    for (const body of ['', '   ', 'Hoi!', `  ${'a'.repeat(9)}  `]) {
      expect((await send(sender, { initiative_id: initiative, body })).error?.message).toBe(
        'contact_message_too_short',
      )
    }
    for (const body of ['a'.repeat(1001), 'a'.repeat(100_000)]) {
      expect((await send(sender, { initiative_id: initiative, body })).error?.message).toBe(
        'contact_message_too_long',
      )
    }
    // Exactly the bounds pass, trimmed.
    expect(
      (await send(sender, { initiative_id: initiative, body: ` ${'a'.repeat(10)} ` })).error,
    ).toBeNull()
    expect(
      (await send(sender, { initiative_id: initiative, body: 'b'.repeat(1000) })).error,
    ).toBeNull()
  })

  it('the rate limit counts attempts: the eleventh message within the hour is refused', async () => {
    const busy = await createUser()
    const results: (string | null)[] = []
    for (let i = 0; i < 11; i++) {
      results.push((await send(busy, { event_id: event })).error?.message ?? null)
    }
    expect(results.slice(0, 10)).toEqual(Array(10).fill(null))
    expect(results[10]).toBe('rate_limited: contact_messages')
    // Deleting what was sent (as the owner could, e.g. an account erased) gives nothing back.
    await sql('delete from public.contact_messages where sender_id = $1', [busy.id])
    expect((await send(busy, { event_id: event })).error?.message).toBe(
      'rate_limited: contact_messages',
    )
  })
})

describe('reading', () => {
  let message: string
  beforeAll(async () => {
    const { data, error } = await send(sender, { initiative_id: initiative })
    expect(error).toBeNull()
    message = (data as { id: string }).id
  })

  it('the sender and the recipient read it; nobody else, not anonymous', async () => {
    const read = async (client = anonClient()) =>
      (await client.from('contact_messages').select('id').eq('id', message)).data ?? []
    expect(await read(sender.client)).toHaveLength(1)
    expect(await read(organiser.client)).toHaveLength(1)
    expect(await read(bystander.client)).toEqual([])
    expect(await read()).toEqual([])
    const moderator = await createUser({ role: 'moderator' })
    expect(await read(moderator.client)).toEqual([])
  })

  it('nobody changes or deletes a message, not the sender, not the recipient', async () => {
    for (const who of [sender, organiser]) {
      await who.client
        .from('contact_messages')
        .update({ body: 'Veranderd bericht hier' })
        .eq('id', message)
      await who.client.from('contact_messages').delete().eq('id', message)
      await who.client.from('contact_messages').insert({
        id: randomUUID(),
        sender_id: who.id,
        recipient_id: bystander.id,
        initiative_id: initiative,
        body: 'Zelf ingevoegd bericht',
      })
    }
    expect(await sql('select body from public.contact_messages where id = $1', [message])).toEqual([
      { body: BODY },
    ])
    expect(
      await sql('select 1 from public.contact_messages where recipient_id = $1', [bystander.id]),
    ).toEqual([])
  })

  it('nothing the sender can read holds the recipient’s e-mail address', async () => {
    const c = sender.client
    const seen = JSON.stringify([
      await c.rpc('send_contact_message', { id: randomUUID(), body: BODY, event_id: event }),
      await c.from('contact_messages').select('*'),
      await c.from('initiatives').select('*').eq('id', initiative),
      await c.from('events').select('*').eq('id', event),
      await c.from('profiles').select('*').eq('id', organiser.id),
      await send(organiser, { event_id: event }),
    ])
    expect(seen).toContain(organiser.id)
    expect(seen.toLowerCase()).not.toContain(organiser.email.toLowerCase())
  })

  it('is in the export of the sender and of the recipient, and of nobody else', async () => {
    const exported = async (who: TestUser) => {
      const { data, error } = await who.client.rpc('export_my_data')
      expect(error).toBeNull()
      return ((data as { contact_messages: { id: string }[] }).contact_messages ?? []).map(
        (m) => m.id,
      )
    }
    expect(await exported(sender)).toContain(message)
    expect(await exported(organiser)).toContain(message)
    expect(await exported(bystander)).not.toContain(message)
  })
})
