// Photos on ideas: the idea_photos rows and the files in the private bucket idea-photos, through
// real supabase-js and storage-js against the local Storage. Every allowed and denied path of
// issue 15: the author's own folder and idea, at most 3, the rate limit counted as attempts,
// hidden and withdrawn ideas, the team's hiding, other people, no account, wrong bytes, too big.
import type { SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { anonClient, sql } from '../support/clients.ts'
import { arrangeIdea, createUser, type TestUser } from '../support/users.ts'

const BUCKET = 'idea-photos'
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1]),
  Buffer.alloc(64),
  Buffer.from([0xff, 0xd9]),
])
const WEBP = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 '), Buffer.alloc(64)])

let author: TestUser
let neighbour: TestUser
let moderator: TestUser

interface Photo {
  id: string
  path: string
  thumb_path: string
  position: number
}

async function addPhoto(
  client: SupabaseClient,
  ideaId: string,
  authorId: string,
  overrides: Record<string, unknown> = {},
) {
  return client
    .from('idea_photos')
    .insert({
      id: randomUUID(),
      idea_id: ideaId,
      author_id: authorId,
      format: 'jpg',
      description: 'Een losse stoeptegel bij de bushalte',
      width: 1600,
      height: 1200,
      thumb_width: 320,
      thumb_height: 240,
      ...overrides,
    })
    .select('id, path, thumb_path, position')
    .single<Photo>()
}

async function photoWithFiles(user: TestUser, ideaId: string): Promise<Photo> {
  const { data, error } = await addPhoto(user.client, ideaId, user.id)
  expect(error).toBeNull()
  for (const path of [data!.path, data!.thumb_path]) {
    const up = await user.client.storage
      .from(BUCKET)
      .upload(path, new Blob([JPEG], { type: 'image/jpeg' }))
    expect(up.error).toBeNull()
  }
  return data!
}

const statusOf = (e: unknown) => (e as { statusCode?: string } | null)?.statusCode

async function canRead(client: SupabaseClient, path: string) {
  const { error } = await client.storage.from(BUCKET).download(path)
  return error === null
}

beforeAll(async () => {
  ;[author, neighbour, moderator] = await Promise.all([
    createUser(),
    createUser(),
    createUser({ role: 'moderator' }),
  ])
})

describe('the bucket', () => {
  it('is private, JPEG and WebP only, 1 MB per file', async () => {
    const [bucket] = await sql(
      `select public, file_size_limit::int as limit, allowed_mime_types from storage.buckets where id = $1`,
      [BUCKET],
    )
    expect(bucket).toEqual({
      public: false,
      limit: 1048576,
      allowed_mime_types: ['image/jpeg', 'image/webp'],
    })
  })
})

describe('adding photos', () => {
  it('lets the author add up to 3 photos to their idea; everyone who sees the idea sees them', async () => {
    const idea = await arrangeIdea(author.id)
    const photos = [] as Photo[]
    for (let i = 0; i < 3; i++) photos.push(await photoWithFiles(author, idea))
    expect(photos.map((p) => p.position)).toEqual([1, 2, 3])
    expect(photos[0].path).toBe(`${author.id}/${idea}/${photos[0].id}.jpg`)
    expect(photos[0].thumb_path).toBe(`${author.id}/${idea}/${photos[0].id}-thumb.jpg`)

    const fourth = await addPhoto(author.client, idea, author.id)
    expect(fourth.error?.message).toBe('too_many_photos')

    for (const reader of [author.client, neighbour.client, anonClient(), moderator.client]) {
      const { data, error } = await reader.storage.from(BUCKET).createSignedUrls(
        photos.map((p) => p.thumb_path),
        60,
      )
      expect(error).toBeNull()
      expect(data!.every((d) => d.error === null)).toBe(true)
      expect((await fetch(data![0].signedUrl!)).status).toBe(200)
    }
  })

  it('refuses a file that has no photo row, or a second file at the same name', async () => {
    const idea = await arrangeIdea(author.id)
    const stray = await author.client.storage
      .from(BUCKET)
      .upload(`${author.id}/${idea}/${randomUUID()}.jpg`, JPEG, { contentType: 'image/jpeg' })
    expect(statusOf(stray.error)).toBe('403')
    const photo = await photoWithFiles(author, idea)
    const again = await author.client.storage
      .from(BUCKET)
      .upload(photo.path, WEBP, { contentType: 'image/webp', upsert: true })
    expect(statusOf(again.error)).toBe('403')
    expect(await canRead(author.client, photo.path)).toBe(true)
  })

  it("refuses another person's idea, another person's folder, and no account", async () => {
    const idea = await arrangeIdea(author.id)
    const row = await addPhoto(neighbour.client, idea, neighbour.id)
    expect(row.error?.code).toBe('42501')
    const asAuthor = await addPhoto(neighbour.client, idea, author.id)
    expect(asAuthor.error?.code).toBe('42501')
    const anon = await addPhoto(anonClient(), idea, author.id)
    expect(anon.error).not.toBeNull()

    const photo = (await addPhoto(author.client, idea, author.id)).data!
    const intrude = await neighbour.client.storage
      .from(BUCKET)
      .upload(photo.path, JPEG, { contentType: 'image/jpeg' })
    expect(statusOf(intrude.error)).toBe('403')
    const noAccount = await anonClient()
      .storage.from(BUCKET)
      .upload(photo.path, JPEG, { contentType: 'image/jpeg' })
    expect(statusOf(noAccount.error)).toBe('403')
    const [{ n }] = await sql(
      'select count(*)::int as n from storage.objects where bucket_id = $1 and name = $2',
      [BUCKET, photo.path],
    )
    expect(n).toBe(0)
  })

  it('refuses wrong types, disguised files and files that are too large', async () => {
    const idea = await arrangeIdea(author.id)
    const photo = (await addPhoto(author.client, idea, author.id)).data!
    const bucket = author.client.storage.from(BUCKET)
    const cases: [Buffer | string, string][] = [
      ['<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml'],
      ['<html><script>alert(1)</script></html>', 'text/html'],
      ['%PDF-1.7', 'application/pdf'],
      [Buffer.from('MZ\x90\0\x03\0\0\0'), 'image/jpeg'],
      ['<html></html>', 'image/webp'],
    ]
    for (const [body, type] of cases) {
      const { error } = await bucket.upload(
        photo.path,
        new Blob([typeof body === 'string' ? body : new Uint8Array(body)], { type }),
      )
      expect(statusOf(error), type).toBe('415')
    }
    const big = Buffer.concat([JPEG.subarray(0, 3), Buffer.alloc(1048577)])
    const tooBig = await bucket.upload(photo.path, new Blob([big], { type: 'image/jpeg' }))
    expect(statusOf(tooBig.error)).toBe('413')
    expect(await canRead(author.client, photo.path)).toBe(false)
  })

  it('refuses photos on a hidden or withdrawn idea, and an empty description', async () => {
    const hidden = await arrangeIdea(author.id, {
      hidden_at: new Date().toISOString(),
      hidden_reason: 'Niet passend',
    })
    expect((await addPhoto(author.client, hidden, author.id)).error?.message).toBe(
      'idea_hidden_by_team',
    )
    const withdrawn = await arrangeIdea(author.id, { withdrawn_at: new Date().toISOString() })
    expect((await addPhoto(author.client, withdrawn, author.id)).error).not.toBeNull()
    const open = await arrangeIdea(author.id)
    const short = await addPhoto(author.client, open, author.id, { description: '  x ' })
    expect(short.error?.message).toBe('photo_description_too_short')

    // A row made while the idea was open gets no file once the team hid the idea.
    const photo = (await addPhoto(author.client, open, author.id)).data!
    await sql(
      "update public.ideas set hidden_at = now(), hidden_reason = 'Niet passend' where id = $1",
      [open],
    )
    const late = await author.client.storage
      .from(BUCKET)
      .upload(photo.path, JPEG, { contentType: 'image/jpeg' })
    expect(statusOf(late.error)).toBe('403')
  })

  it('counts attempts, not surviving photos, for the rate limit', async () => {
    const person = await createUser()
    const idea = await arrangeIdea(person.id)
    let refused: string | undefined
    for (let i = 0; i < 25 && !refused; i++) {
      const { data, error } = await addPhoto(person.client, idea, person.id)
      if (error) refused = error.message
      else await person.client.from('idea_photos').delete().eq('id', data!.id)
    }
    expect(refused).toBe('rate_limited: idea_photos')
    const [{ n }] = await sql(
      'select count(*)::int as n from public.idea_photos where author_id = $1',
      [person.id],
    )
    expect(n).toBe(0)
  })
})

describe('reading photos', () => {
  it("a hidden or withdrawn idea's photos are for its author and the team only", async () => {
    const idea = await arrangeIdea(author.id)
    const photo = await photoWithFiles(author, idea)
    await sql(
      "update public.ideas set hidden_at = now(), hidden_reason = 'Niet passend' where id = $1",
      [idea],
    )
    expect(await canRead(neighbour.client, photo.path)).toBe(false)
    expect(await canRead(anonClient(), photo.thumb_path)).toBe(false)
    const signed = await neighbour.client.storage.from(BUCKET).createSignedUrls([photo.path], 60)
    expect(signed.data![0].error).not.toBeNull()
    expect(await canRead(author.client, photo.path)).toBe(true)
    expect(await canRead(moderator.client, photo.path)).toBe(true)

    await sql(
      'update public.ideas set hidden_at = null, hidden_reason = null, withdrawn_at = now() where id = $1',
      [idea],
    )
    expect(await canRead(neighbour.client, photo.path)).toBe(false)
    expect(await canRead(author.client, photo.path)).toBe(false)
    expect(await canRead(moderator.client, photo.path)).toBe(true)
  })

  it('the team hides a photo with a reason; its author sees why, others see nothing', async () => {
    const idea = await arrangeIdea(author.id)
    const photo = await photoWithFiles(author, idea)
    const denied = await neighbour.client.rpc('hide_idea_photo', {
      p_photo_id: photo.id,
      p_reason: 'Er staat een gezicht op',
    })
    expect(denied.error?.code).toBe('42501')
    const noReason = await moderator.client.rpc('hide_idea_photo', {
      p_photo_id: photo.id,
      p_reason: '',
    })
    expect(noReason.error?.message).toBe('hide_reason_needed')
    const hid = await moderator.client.rpc('hide_idea_photo', {
      p_photo_id: photo.id,
      p_reason: 'Er staat een gezicht op',
    })
    expect(hid.error).toBeNull()
    expect(await canRead(neighbour.client, photo.path)).toBe(false)
    expect(await canRead(anonClient(), photo.path)).toBe(false)
    const own = await author.client
      .from('idea_photos')
      .select('hidden_reason')
      .eq('id', photo.id)
      .single()
    expect(own.data).toEqual({ hidden_reason: 'Er staat een gezicht op' })
    expect(await canRead(author.client, photo.path)).toBe(true)
    const { data: seen } = await neighbour.client
      .from('idea_photos')
      .select('id')
      .eq('id', photo.id)
    expect(seen).toEqual([])
    // The author cannot take a hidden photo away from under the team.
    await author.client.from('idea_photos').delete().eq('id', photo.id)
    expect(await sql('select 1 from public.idea_photos where id = $1', [photo.id])).toHaveLength(1)
    expect(
      (await moderator.client.rpc('unhide_idea_photo', { p_photo_id: photo.id })).error,
    ).toBeNull()
    expect(await canRead(neighbour.client, photo.path)).toBe(true)
  })

  it('merging keeps the photos of both ideas', async () => {
    const a = await arrangeIdea(author.id)
    const b = await arrangeIdea(author.id)
    const pa = await photoWithFiles(author, a)
    const pb = await photoWithFiles(author, b)
    const merged = await moderator.client.rpc('merge_idea', {
      duplicate: b,
      original: a,
      message: 'Dit idee gaat over hetzelfde als een ander idee.',
    })
    expect(merged.error).toBeNull()
    expect(await canRead(neighbour.client, pa.path)).toBe(true)
    expect(await canRead(neighbour.client, pb.path)).toBe(true)
  })
})

describe('leaving', () => {
  it('the export lists the photos; deleting the account removes the files through Storage', async () => {
    const person = await createUser()
    const idea = await arrangeIdea(person.id)
    const photo = await photoWithFiles(person, idea)
    const { data: exported } = await person.client.rpc('export_my_data')
    expect((exported as { idea_photos: unknown[] }).idea_photos).toEqual([
      expect.objectContaining({
        id: photo.id,
        bucket: BUCKET,
        path: photo.path,
        thumb_path: photo.thumb_path,
        description: 'Een losse stoeptegel bij de bushalte',
      }),
    ])
    // As the app does it (src/api/photos.ts removeAllMyPhotos): list, remove, then delete.
    const { data: mine } = await person.client
      .from('idea_photos')
      .select('path, thumb_path')
      .eq('author_id', person.id)
    const removed = await person.client.storage
      .from(BUCKET)
      .remove(mine!.flatMap((p) => [p.path, p.thumb_path]))
    expect(removed.data).toHaveLength(2)
    // Nobody else may remove them.
    expect((await neighbour.client.storage.from(BUCKET).remove([photo.path])).data).toEqual([])
    expect((await person.client.rpc('delete_my_account')).error).toBeNull()
    expect(
      await sql('select name from storage.objects where bucket_id = $1 and name like $2', [
        BUCKET,
        `${person.id}/%`,
      ]),
    ).toEqual([])
    expect(await sql('select 1 from public.idea_photos where author_id = $1', [person.id])).toEqual(
      [],
    )
  })
})
