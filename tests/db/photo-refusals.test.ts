// The refusals a resident can meet when adding a photo, as the app turns them into words: real
// answers of the local Storage (through storage-js) and of Postgres (through the app's own
// src/api/photos.ts), and the reason each comes out as, with its B1 text in all five languages.
// tests/db/idea-photos.test.ts proves that each is refused; this file proves the resident is told
// why, in words, never "something went wrong".
import type { SupabaseClient } from '@supabase/supabase-js'
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { reasonFor, type ErrorReason } from '@/api/errors'
import { addPhoto, storageReason } from '@/api/photos'
import type { PreparedPhoto } from '@/lib/photoPrepare'
import { anonClient, sql } from '../support/clients.ts'
import { asPerson } from '../support/app.ts'
import { arrangeIdea, createUser, type TestUser } from '../support/users.ts'
import nl from '@/i18n/locales/nl.json'
import en from '@/i18n/locales/en.json'
import tr from '@/i18n/locales/tr.json'
import ar from '@/i18n/locales/ar.json'
import pl from '@/i18n/locales/pl.json'

const BUCKET = 'idea-photos'
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1]),
  Buffer.alloc(64),
  Buffer.from([0xff, 0xd9]),
])
const LOCALES = { nl, en, tr, ar, pl } as Record<string, { errors: Record<string, string> }>

let author: TestUser
let neighbour: TestUser

beforeAll(async () => {
  ;[author, neighbour] = await Promise.all([createUser(), createUser()])
})

/** The reason the photo form shows, and that it has words in every language. */
function expectTold(reason: ErrorReason, expected: ErrorReason) {
  expect(reason).toBe(expected)
  for (const [lang, messages] of Object.entries(LOCALES)) {
    expect(messages.errors[reason], `errors.${reason} in ${lang}`).toMatch(/\S{2,}/)
  }
}

const prepared = (): PreparedPhoto =>
  ({
    full: new Blob([JPEG], { type: 'image/jpeg' }),
    thumb: new Blob([JPEG], { type: 'image/jpeg' }),
    format: 'jpg',
    width: 1600,
    height: 1200,
    thumbWidth: 320,
    thumbHeight: 240,
  }) as PreparedPhoto

/** A photo row of the author's, made through the app, without its files. */
async function photoRow(ideaId: string) {
  const { data, error } = await author.client
    .from('idea_photos')
    .insert({
      id: randomUUID(),
      idea_id: ideaId,
      author_id: author.id,
      format: 'jpg',
      description: 'Een losse stoeptegel bij de bushalte',
      width: 1600,
      height: 1200,
      thumb_width: 320,
      thumb_height: 240,
    })
    .select('path')
    .single<{ path: string }>()
  expect(error).toBeNull()
  return data!.path
}

const upload = (client: SupabaseClient, path: string, body: BlobPart, type: string) =>
  client.storage.from(BUCKET).upload(path, new Blob([body], { type }))

describe('what Storage refuses, in words', () => {
  it('a file over 1 MB: "too large"', async () => {
    const path = await photoRow(await arrangeIdea(author.id))
    const big = Buffer.concat([JPEG.subarray(0, 3), Buffer.alloc(1048577)])
    const { error } = await upload(author.client, path, new Uint8Array(big), 'image/jpeg')
    expectTold(storageReason(error), 'photoTooLarge')
  })

  it('an SVG, or a program renamed .jpg: "not a photo of the right kind"', async () => {
    const path = await photoRow(await arrangeIdea(author.id))
    const svg = await upload(
      author.client,
      path,
      '<svg xmlns="http://www.w3.org/2000/svg"/>',
      'image/svg+xml',
    )
    expectTold(storageReason(svg.error), 'photoWrongType')
    const program = await upload(author.client, path, 'MZ\x90\0\x03\0\0\0', 'image/jpeg')
    expectTold(storageReason(program.error), 'photoWrongType')
  })

  it('a name with a control character: "this name cannot be used"', async () => {
    const idea = await arrangeIdea(author.id)
    const name = `${author.id}/${idea}/a\u0001b.jpg`
    const { error } = await upload(author.client, name, new Uint8Array(JPEG), 'image/jpeg')
    expectTold(storageReason(error), 'photoNameInvalid')
  })

  it('a name with ../ lands in another folder, which is refused: "not allowed"', async () => {
    // The URL is resolved before it leaves (by storage-js's fetch, as on a hosted project), so
    // <me>/../<idea>/x.jpg asks for the folder <idea>/, which is nobody's.
    const idea = await arrangeIdea(author.id)
    const name = `${author.id}/../${idea}/x.jpg`
    const { error } = await upload(author.client, name, new Uint8Array(JPEG), 'image/jpeg')
    expectTold(storageReason(error), 'notAllowed')
    const [{ n }] = await sql<{ n: number }>(
      "select count(*)::int as n from storage.objects where bucket_id = $1 and name like '%' || $2 || '%'",
      [BUCKET, idea],
    )
    expect(n).toBe(0)
  })

  it('another person\'s folder, or no account: "not allowed"', async () => {
    const path = await photoRow(await arrangeIdea(author.id))
    const intrude = await upload(neighbour.client, path, new Uint8Array(JPEG), 'image/jpeg')
    expectTold(storageReason(intrude.error), 'notAllowed')
    const noAccount = await upload(anonClient(), path, new Uint8Array(JPEG), 'image/jpeg')
    expectTold(storageReason(noAccount.error), 'notAllowed')
  })
})

describe('what Postgres refuses, through the app’s addPhoto', () => {
  const add = (client: SupabaseClient, ideaId: string, authorId = author.id) =>
    asPerson(client, () =>
      addPhoto(randomUUID(), ideaId, authorId, prepared(), 'Een losse stoeptegel').then(
        () => 'added' as const,
        (e: unknown) => reasonFor(e),
      ),
    )

  it('a photo on a hidden idea, and on a withdrawn one', async () => {
    const hidden = await arrangeIdea(author.id, {
      hidden_at: new Date().toISOString(),
      hidden_reason: 'Niet passend',
    })
    expectTold((await add(author.client, hidden)) as ErrorReason, 'ideaHiddenByTeam')
    const withdrawn = await arrangeIdea(author.id, { withdrawn_at: new Date().toISOString() })
    const onWithdrawn = await add(author.client, withdrawn)
    expectTold(onWithdrawn as ErrorReason, 'ideaWithdrawn')
  })

  it("a fourth photo, and a photo on another person's idea", async () => {
    const idea = await arrangeIdea(author.id)
    // Three photo rows already (their files do not matter here: the row is refused first).
    for (let i = 0; i < 3; i++) await photoRow(idea)
    expectTold((await add(author.client, idea)) as ErrorReason, 'tooManyPhotos')
    const [{ n }] = await sql<{ n: number }>(
      'select count(*)::int as n from public.idea_photos where idea_id = $1',
      [idea],
    )
    expect(n).toBe(3)
    const other = await arrangeIdea(author.id)
    expectTold((await add(neighbour.client, other, neighbour.id)) as ErrorReason, 'notAllowed')
  })
})
