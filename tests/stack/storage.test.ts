// The local Storage through the real storage-js (`supabase.storage`): every allowed and denied
// path of buckets, objects, public, signed and signed-upload URLs, with Supabase Storage's error
// codes and statuses, and RLS policies on storage.objects deciding who may do what.
import { randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { anonClient, serviceClient, sql, stackInfo } from '../support/clients.ts'
import { createUser, jwtFor, type TestUser } from '../support/users.ts'

const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0xff, 0xd9,
])
const PNG = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82])
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])

const suffix = randomUUID().slice(0, 8)
const PRIVATE = `t-private-${suffix}`
const PUBLIC = `t-public-${suffix}`
const OPEN = `t-open-${suffix}`

let owner: TestUser
let other: TestUser

/** The JSON body as storage-js saw it: HTTP status, logical statusCode, message. */
function failure(error: unknown) {
  const e = error as { status?: number; statusCode?: string; message?: string }
  return { status: e?.status, statusCode: e?.statusCode, message: e?.message }
}

/** A POST with the path exactly as written: no URL normalisation on the way. */
function rawPost(path: string, user: TestUser): Promise<{ status: number; body: string }> {
  const { port } = new URL(stackInfo().apiUrl)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: {
          ...headersOf(user),
          'content-type': 'image/jpeg',
          'content-length': JPEG.length,
        },
      },
      (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(JPEG)
  })
}

const storageUrl = () => `${stackInfo().apiUrl}/storage/v1`
/** What supabase-js sends beside a storage call: the apikey and the person's token. */
const tokens = new Map<string, string>()
const headersOf = (user: TestUser) => ({
  apikey: stackInfo().anonKey,
  authorization: `Bearer ${tokens.get(user.id)}`,
})

beforeAll(async () => {
  ;[owner, other] = await Promise.all([createUser(), createUser()])
  for (const u of [owner, other]) tokens.set(u.id, await jwtFor(u.id))
  // Buckets and policies as a migration would create them on a hosted project.
  await sql(
    `insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types) values
       ($1, $1, false, 1024, array['image/jpeg', 'image/png']),
       ($2, $2, true, 1024, array['image/png']),
       ($3, $3, false, null, null)`,
    [PRIVATE, PUBLIC, OPEN],
  )
  for (const bucket of [PRIVATE, PUBLIC, OPEN]) {
    await sql(`
      create policy "${bucket} read own" on storage.objects for select to authenticated
        using (bucket_id = '${bucket}' and (storage.foldername(name))[1] = (select auth.uid())::text);
      create policy "${bucket} write own" on storage.objects for insert to authenticated
        with check (bucket_id = '${bucket}' and (storage.foldername(name))[1] = (select auth.uid())::text
                    and storage.extension(name) in ('jpg', 'png', 'html', 'txt'));
      create policy "${bucket} update own" on storage.objects for update to authenticated
        using (bucket_id = '${bucket}' and (storage.foldername(name))[1] = (select auth.uid())::text)
        with check (bucket_id = '${bucket}' and (storage.foldername(name))[1] = (select auth.uid())::text);
      create policy "${bucket} delete own" on storage.objects for delete to authenticated
        using (bucket_id = '${bucket}' and (storage.foldername(name))[1] = (select auth.uid())::text);`)
  }
})

describe('storage helpers', () => {
  it('split names as Supabase does', async () => {
    const [row] = await sql(
      `select storage.foldername('a/b/c.jpg') as folders, storage.filename('a/b/c.jpg') as file,
              storage.extension('a/b/c.tar.gz') as ext`,
    )
    expect(row).toEqual({ folders: ['a', 'b'], file: 'c.jpg', ext: 'gz' })
  })

  it('refuse a direct SQL delete from storage.objects, as hosted', async () => {
    await expect(sql('delete from storage.objects where false')).rejects.toThrow(
      /Direct deletion from storage tables is not allowed/,
    )
  })
})

describe('uploads and downloads', () => {
  it('lets the owner upload into their folder and read the same bytes back', async () => {
    const path = `${owner.id}/a.jpg`
    const { data, error } = await owner.client.storage
      .from(PRIVATE)
      .upload(path, new Blob([JPEG], { type: 'image/jpeg' }))
    expect(error).toBeNull()
    expect(data).toMatchObject({ path, fullPath: `${PRIVATE}/${path}` })
    expect(data!.id).toMatch(/^[0-9a-f-]{36}$/)
    const down = await owner.client.storage.from(PRIVATE).download(path)
    expect(down.error).toBeNull()
    expect(Buffer.from(await down.data!.arrayBuffer())).toEqual(JPEG)
    const [row] = await sql(
      'select owner_id, path_tokens, metadata from storage.objects where bucket_id = $1 and name = $2',
      [PRIVATE, path],
    )
    expect(row.owner_id).toBe(owner.id)
    expect(row.path_tokens).toEqual([owner.id, 'a.jpg'])
    expect(row.metadata).toMatchObject({ size: JPEG.length, mimetype: 'image/jpeg' })
  })

  it('serves the stored type with nosniff, never as a page', async () => {
    const path = `${owner.id}/raw.png`
    const up = await owner.client.storage
      .from(PRIVATE)
      .upload(path, PNG, { contentType: 'image/png' })
    expect(up.error).toBeNull()
    const res = await fetch(`${storageUrl()}/object/authenticated/${PRIVATE}/${path}`, {
      headers: headersOf(owner),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain('sandbox')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG)

    const html = `${owner.id}/page.html`
    const h = await owner.client.storage
      .from(OPEN)
      .upload(html, '<script>alert(1)</script>', { contentType: 'text/html' })
    expect(h.error).toBeNull()
    const page = await fetch(`${storageUrl()}/object/${OPEN}/${html}`, {
      headers: headersOf(owner),
    })
    expect(page.headers.get('content-type')).toBe('text/plain')
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('refuses a second upload to the same name unless x-upsert, and update replaces', async () => {
    const path = `${owner.id}/same.jpg`
    const bucket = owner.client.storage.from(PRIVATE)
    expect((await bucket.upload(path, JPEG, { contentType: 'image/jpeg' })).error).toBeNull()
    const again = await bucket.upload(path, JPEG, { contentType: 'image/jpeg' })
    expect(failure(again.error)).toEqual({
      status: 400,
      statusCode: '409',
      message: 'The resource already exists',
    })
    const png = await bucket.upload(path, PNG, { contentType: 'image/png', upsert: true })
    expect(png.error).toBeNull()
    expect(Buffer.from(await (await bucket.download(path)).data!.arrayBuffer())).toEqual(PNG)
    const put = await bucket.update(path, JPEG, { contentType: 'image/jpeg' })
    expect(put.error).toBeNull()
    expect(Buffer.from(await (await bucket.download(path)).data!.arrayBuffer())).toEqual(JPEG)
    // The replaced versions are gone from disk: one row, one file.
    const [{ n }] = await sql('select count(*)::int as n from storage.objects where name = $1', [
      path,
    ])
    expect(n).toBe(1)
  })

  it("refuses an upload into another person's folder, without an account, or of a refused name", async () => {
    const into = await other.client.storage
      .from(PRIVATE)
      .upload(`${owner.id}/theirs.jpg`, JPEG, { contentType: 'image/jpeg' })
    expect(failure(into.error)).toEqual({
      status: 400,
      statusCode: '403',
      message: 'new row violates row-level security policy for table "objects"',
    })
    const anon = await anonClient()
      .storage.from(PRIVATE)
      .upload(`${owner.id}/anon.jpg`, JPEG, { contentType: 'image/jpeg' })
    expect(failure(anon.error).statusCode).toBe('403')
    const ext = await owner.client.storage
      .from(PRIVATE)
      .upload(`${owner.id}/a.exe`, JPEG, { contentType: 'image/jpeg' })
    expect(failure(ext.error).statusCode).toBe('403')
    const [{ n }] = await sql(
      `select count(*)::int as n from storage.objects where name in ($1, $2, $3)`,
      [`${owner.id}/theirs.jpg`, `${owner.id}/anon.jpg`, `${owner.id}/a.exe`],
    )
    expect(n).toBe(0)
  })

  it('refuses names with dot segments or control characters', async () => {
    // fetch() resolves `..` and `%2E%2E` before sending; a raw request does not.
    for (const name of [
      `${owner.id}/../${other.id}/x.jpg`,
      `${owner.id}/%2E%2E/x.jpg`,
      `${owner.id}/a%0Ab.jpg`,
      `${owner.id}/a%00.jpg`,
      `${owner.id}//x.jpg`,
    ]) {
      const { status, body } = await rawPost(`/storage/v1/object/${PRIVATE}/${name}`, owner)
      expect(status).toBe(400)
      expect(JSON.parse(body)).toMatchObject({ statusCode: '400', code: 'InvalidKey' })
    }
    // Through storage-js a control character travels escaped and is refused the same way, and
    // `../` is resolved by the URL parser into a name the policies then refuse.
    const ctl = await owner.client.storage
      .from(PRIVATE)
      .upload(`${owner.id}/bad\u0007.jpg`, JPEG, { contentType: 'image/jpeg' })
    expect(failure(ctl.error).statusCode).toBe('400')
    const up = await owner.client.storage
      .from(PRIVATE)
      .upload(`${owner.id}/../${other.id}/x.jpg`, JPEG, { contentType: 'image/jpeg' })
    expect(failure(up.error).statusCode).toBe('403')
    const stored = await sql(`select name from storage.objects where name like $1`, [`%x.jpg`])
    expect(stored).toEqual([])
  })

  it('refuses types the bucket does not allow and bytes that are not the declared type', async () => {
    const bucket = owner.client.storage.from(PRIVATE)
    const cases: [string, Buffer | string, string][] = [
      ['svg.jpg', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml'],
      ['page.html', '<html></html>', 'text/html'],
      ['doc.png', '%PDF-1.7', 'application/pdf'],
    ]
    for (const [name, body, type] of cases) {
      const { error } = await bucket.upload(`${owner.id}/${name}`, body, { contentType: type })
      expect(failure(error)).toEqual({
        status: 400,
        statusCode: '415',
        message: `mime type ${type} is not supported`,
      })
    }
    const disguised = await bucket.upload(
      `${owner.id}/program.jpg`,
      new Blob([ELF], { type: 'image/jpeg' }),
    )
    expect(failure(disguised.error)).toEqual({
      status: 400,
      statusCode: '415',
      message: 'the content of the file does not match mime type image/jpeg',
    })
    const html = await bucket.upload(`${owner.id}/html.png`, '<html><body>hi</body></html>', {
      contentType: 'image/png',
    })
    expect(failure(html.error).statusCode).toBe('415')
    const [{ n }] = await sql(
      `select count(*)::int as n from storage.objects where bucket_id = $1 and name like $2`,
      [PRIVATE, `${owner.id}/%.%`],
    )
    const names = (
      await sql('select name from storage.objects where bucket_id = $1', [PRIVATE])
    ).map((r) => r.name)
    expect(names).not.toContain(`${owner.id}/program.jpg`)
    expect(n).toBeGreaterThan(0)
  })

  it('refuses a file above the bucket limit (413), streamed or multipart', async () => {
    const big = Buffer.concat([JPEG.subarray(0, 3), Buffer.alloc(2000)])
    const bucket = owner.client.storage.from(PRIVATE)
    const raw = await bucket.upload(`${owner.id}/big.jpg`, big, { contentType: 'image/jpeg' })
    expect(failure(raw.error)).toEqual({
      status: 400,
      statusCode: '413',
      message: 'The object exceeded the maximum allowed size',
    })
    const form = await bucket.upload(
      `${owner.id}/big2.jpg`,
      new Blob([big], { type: 'image/jpeg' }),
    )
    expect(failure(form.error).statusCode).toBe('413')
    // A body without a content-length is counted as it streams.
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new Uint8Array(big))
        c.close()
      },
    })
    const res = await fetch(`${storageUrl()}/object/${PRIVATE}/${owner.id}/big3.jpg`, {
      method: 'POST',
      headers: { ...headersOf(owner), 'content-type': 'image/jpeg' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(await res.json()).toMatchObject({ statusCode: '413', code: 'EntityTooLarge' })
    const [{ n }] = await sql(`select count(*)::int as n from storage.objects where name like $1`, [
      `${owner.id}/big%`,
    ])
    expect(n).toBe(0)
  })

  it('answers a read of what the policies hide as not found', async () => {
    const path = `${owner.id}/a.jpg`
    const theirs = await other.client.storage.from(PRIVATE).download(path)
    expect(failure(theirs.error).status).toBe(400)
    const res = await fetch(`${storageUrl()}/object/authenticated/${PRIVATE}/${path}`, {
      headers: headersOf(other),
    })
    expect(await res.json()).toEqual({
      statusCode: '404',
      code: 'NoSuchKey',
      error: 'not_found',
      message: 'Object not found',
    })
    const anon = await anonClient().storage.from(PRIVATE).download(path)
    expect(anon.error).not.toBeNull()
    const info = await other.client.storage.from(PRIVATE).info(path)
    expect(failure(info.error).statusCode).toBe('404')
    expect(await other.client.storage.from(PRIVATE).exists(path)).toMatchObject({ data: false })
  })

  it('gives info and lists folders and files as the caller may see them', async () => {
    const info = await owner.client.storage.from(PRIVATE).info(`${owner.id}/a.jpg`)
    expect(info.error).toBeNull()
    expect(info.data).toMatchObject({
      name: `${owner.id}/a.jpg`,
      bucketId: PRIVATE,
      size: JPEG.length,
      contentType: 'image/jpeg',
    })
    await owner.client.storage
      .from(PRIVATE)
      .upload(`${owner.id}/sub/deep.jpg`, JPEG, { contentType: 'image/jpeg' })
    const list = await owner.client.storage.from(PRIVATE).list(owner.id)
    expect(list.error).toBeNull()
    const names = list.data!.map((e) => e.name)
    expect(names).toEqual([...names].sort())
    expect(names).toEqual(expect.arrayContaining(['a.jpg', 'sub']))
    expect(list.data!.find((e) => e.name === 'sub')!.id).toBeNull()
    const limited = await owner.client.storage
      .from(PRIVATE)
      .list(owner.id, { limit: 1, offset: 1, search: 'a' })
    expect(limited.data).toEqual([])
    const theirs = await other.client.storage.from(PRIVATE).list(owner.id)
    expect(theirs.data).toEqual([])
  })

  it('moves and copies within the policies, and refuses into another folder', async () => {
    const bucket = owner.client.storage.from(PRIVATE)
    await bucket.upload(`${owner.id}/m.jpg`, JPEG, { contentType: 'image/jpeg' })
    expect((await bucket.move(`${owner.id}/m.jpg`, `${owner.id}/moved.jpg`)).error).toBeNull()
    expect((await bucket.download(`${owner.id}/m.jpg`)).error).not.toBeNull()
    const copy = await bucket.copy(`${owner.id}/moved.jpg`, `${owner.id}/copy.jpg`)
    expect(copy.data).toEqual({ path: `${PRIVATE}/${owner.id}/copy.jpg` })
    expect(
      Buffer.from(await (await bucket.download(`${owner.id}/copy.jpg`)).data!.arrayBuffer()),
    ).toEqual(JPEG)

    const away = await bucket.move(`${owner.id}/moved.jpg`, `${other.id}/stolen.jpg`)
    expect(failure(away.error).statusCode).toBe('403')
    const copyAway = await bucket.copy(`${owner.id}/moved.jpg`, `${other.id}/stolen.jpg`)
    expect(failure(copyAway.error).statusCode).toBe('403')
    const steal = await other.client.storage
      .from(PRIVATE)
      .move(`${owner.id}/moved.jpg`, `${other.id}/stolen.jpg`)
    expect(failure(steal.error).statusCode).toBe('404')
    const exists = await sql('select name from storage.objects where name = $1', [
      `${owner.id}/moved.jpg`,
    ])
    expect(exists).toHaveLength(1)
  })

  it('removes only what the policies let the caller delete', async () => {
    const bucket = owner.client.storage.from(PRIVATE)
    await bucket.upload(`${owner.id}/gone.jpg`, JPEG, { contentType: 'image/jpeg' })
    const theirs = await other.client.storage.from(PRIVATE).remove([`${owner.id}/gone.jpg`])
    expect(theirs).toEqual({ data: [], error: null })
    expect((await bucket.download(`${owner.id}/gone.jpg`)).error).toBeNull()
    const mine = await bucket.remove([`${owner.id}/gone.jpg`, `${owner.id}/never.jpg`])
    expect(mine.error).toBeNull()
    expect(mine.data!.map((o) => o.name)).toEqual([`${owner.id}/gone.jpg`])
    expect((await bucket.download(`${owner.id}/gone.jpg`)).error).not.toBeNull()
  })
})

describe('signed URLs', () => {
  it('signs what the caller may read; the URL works without a session until it expires', async () => {
    const path = `${owner.id}/a.jpg`
    const { data, error } = await owner.client.storage.from(PRIVATE).createSignedUrl(path, 60)
    expect(error).toBeNull()
    const res = await fetch(data!.signedUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(Buffer.from(await res.arrayBuffer())).toEqual(JPEG)

    const denied = await other.client.storage.from(PRIVATE).createSignedUrl(path, 60)
    expect(failure(denied.error)).toMatchObject({ statusCode: '404', message: 'Object not found' })

    const url = new URL(data!.signedUrl)
    const token = url.searchParams.get('token')!
    const tampered = `${token.slice(0, -4)}AAAA`
    const bad = await fetch(`${url.origin}${url.pathname}?token=${tampered}`)
    expect(await bad.json()).toMatchObject({ statusCode: '400', code: 'InvalidJWT' })
    const elsewhere = await fetch(
      `${storageUrl()}/object/sign/${PRIVATE}/${owner.id}/copy.jpg?token=${token}`,
    )
    expect(await elsewhere.json()).toMatchObject({ code: 'InvalidSignature' })

    const short = await owner.client.storage.from(PRIVATE).createSignedUrl(path, 1)
    await expect
      .poll(async () => (await fetch(short.data!.signedUrl)).status, {
        timeout: 5000,
        interval: 250,
      })
      .toBe(400)
  })

  it('signs a batch in one request, with an error for each path the caller may not read', async () => {
    const paths = [`${owner.id}/a.jpg`, `${owner.id}/missing.jpg`, `${other.id}/x.jpg`]
    const { data, error } = await owner.client.storage.from(PRIVATE).createSignedUrls(paths, 60)
    expect(error).toBeNull()
    expect(data!.map((d) => [d.path, d.error === null])).toEqual([
      [paths[0], true],
      [paths[1], false],
      [paths[2], false],
    ])
    expect((await fetch(data![0].signedUrl!)).status).toBe(200)
  })

  it('signed upload URLs: only where the caller may write; used once by anyone holding the token', async () => {
    const path = `${owner.id}/signed-up.jpg`
    const bucket = owner.client.storage.from(PRIVATE)
    const { data, error } = await bucket.createSignedUploadUrl(path)
    expect(error).toBeNull()
    const up = await anonClient()
      .storage.from(PRIVATE)
      .uploadToSignedUrl(path, data!.token, new Blob([JPEG], { type: 'image/jpeg' }))
    expect(up.error).toBeNull()
    expect(up.data).toMatchObject({ path, fullPath: `${PRIVATE}/${path}` })
    const [row] = await sql('select owner_id from storage.objects where name = $1', [path])
    expect(row.owner_id).toBe(owner.id)
    const again = await anonClient()
      .storage.from(PRIVATE)
      .uploadToSignedUrl(path, data!.token, new Blob([JPEG], { type: 'image/jpeg' }))
    expect(failure(again.error).statusCode).toBe('409')

    const denied = await other.client.storage
      .from(PRIVATE)
      .createSignedUploadUrl(`${owner.id}/intrude.jpg`)
    expect(failure(denied.error).statusCode).toBe('403')
    const otherPath = await anonClient()
      .storage.from(PRIVATE)
      .uploadToSignedUrl(`${owner.id}/elsewhere.jpg`, data!.token, JPEG)
    expect(failure(otherPath.error).statusCode).toBe('400')
    const wrongType = await bucket.createSignedUploadUrl(`${owner.id}/svg.jpg`)
    const svg = await anonClient()
      .storage.from(PRIVATE)
      .uploadToSignedUrl(`${owner.id}/svg.jpg`, wrongType.data!.token, '<svg/>', {
        contentType: 'image/svg+xml',
      })
    expect(failure(svg.error).statusCode).toBe('415')
  })
})

describe('public buckets', () => {
  it('serve public URLs without a session; a private bucket has no public URLs', async () => {
    const path = `${owner.id}/p.png`
    expect(
      (await owner.client.storage.from(PUBLIC).upload(path, PNG, { contentType: 'image/png' }))
        .error,
    ).toBeNull()
    const { publicUrl } = anonClient().storage.from(PUBLIC).getPublicUrl(path).data
    const res = await fetch(publicUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const priv = anonClient().storage.from(PRIVATE).getPublicUrl(`${owner.id}/a.jpg`).data
    const refused = await fetch(priv.publicUrl)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({ statusCode: '404', code: 'NoSuchBucket' })
    // Public reading does not make writing public.
    const anon = await anonClient()
      .storage.from(PUBLIC)
      .upload(`${owner.id}/anon.png`, PNG, { contentType: 'image/png' })
    expect(failure(anon.error).statusCode).toBe('403')
  })
})

describe('buckets', () => {
  it('are managed by the service role; residents see none and create none', async () => {
    const admin = serviceClient().storage
    const id = `t-made-${suffix}`
    const made = await admin.createBucket(id, {
      public: false,
      fileSizeLimit: '1MB',
      allowedMimeTypes: ['image/webp'],
    })
    expect(made).toEqual({ data: { name: id }, error: null })
    const got = await admin.getBucket(id)
    expect(got.data).toMatchObject({
      id,
      public: false,
      file_size_limit: 1024 * 1024,
      allowed_mime_types: ['image/webp'],
    })
    const dup = await admin.createBucket(id)
    expect(failure(dup.error)).toMatchObject({ statusCode: '409' })
    expect((await admin.updateBucket(id, { public: true })).error).toBeNull()
    expect((await admin.getBucket(id)).data!.public).toBe(true)
    expect((await admin.listBuckets()).data!.map((b) => b.id)).toContain(id)

    expect((await owner.client.storage.listBuckets()).data).toEqual([])
    const theirs = await owner.client.storage.getBucket(id)
    expect(failure(theirs.error).statusCode).toBe('404')
    const own = await owner.client.storage.createBucket(`t-mine-${suffix}`)
    expect(failure(own.error).statusCode).toBe('403')

    await admin.from(id).upload('x.webp', Buffer.from('RIFF\0\0\0\0WEBPVP8 '), {
      contentType: 'image/webp',
    })
    const notEmpty = await admin.deleteBucket(id)
    expect(failure(notEmpty.error).statusCode).toBe('409')
    expect((await admin.emptyBucket(id)).error).toBeNull()
    expect((await admin.deleteBucket(id)).error).toBeNull()
    expect(failure((await admin.getBucket(id)).error).statusCode).toBe('404')
  })

  it('answers an unknown bucket with NoSuchBucket', async () => {
    const res = await owner.client.storage
      .from(`t-none-${suffix}`)
      .upload('x.jpg', JPEG, { contentType: 'image/jpeg' })
    expect(failure(res.error)).toEqual({
      status: 400,
      statusCode: '404',
      message: 'Bucket not found',
    })
  })

  it('needs a project apikey except for public objects and signed URLs', async () => {
    const bare = await fetch(`${storageUrl()}/bucket`)
    expect(bare.status).toBe(401)
    const upload = await fetch(`${storageUrl()}/object/${PRIVATE}/${owner.id}/x.jpg`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(owner.id)}`, 'content-type': 'image/jpeg' },
      body: JPEG,
    })
    expect(upload.status).toBe(401)
    // A secret-looking key in Authorization is no key: the gateway refuses an `sb_` key there that
    // is not the checked apikey (stricter than hosted, supabase/local/README.md).
    const forged = await fetch(`${storageUrl()}/bucket`, {
      headers: { apikey: stackInfo().anonKey, authorization: 'Bearer sb_secret_forged' },
    })
    expect(forged.status).toBe(401)
  })

  it('refuses a token that is not valid', async () => {
    const res = await fetch(`${storageUrl()}/bucket`, {
      headers: { apikey: stackInfo().anonKey, authorization: 'Bearer not.a.jwt' },
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ statusCode: '403', code: 'AccessDenied' })
  })
})
