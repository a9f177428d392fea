// A Supabase Storage compatible server for the local stack, at /storage/v1 behind the gateway.
// It answers what `@supabase/storage-js` asks (buckets; objects: upload, download, info, list,
// move, copy, remove; public, signed and signed-upload URLs) with upstream's routes, JSON shapes,
// error codes and statuses. Metadata lives in `storage.buckets` and `storage.objects`
// (bootstrap.sql); every query a caller's rights depend on runs as the caller's role with their
// claims, so RLS policies on `storage.objects` decide, as on a hosted project. Bytes live under
// the stack's data folder (files.ts). See README.md beside this file for the differences.
import type { SigningKey } from '../types.ts'
import { SignJWT } from 'jose'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import type pg from 'pg'
import type { HttpService, Log } from '../types.ts'
import { asCaller, asSuperUser, createTokens, type Caller } from './caller.ts'
import { ERRORS, fromDatabaseError, StorageHttpError } from './errors.ts'
import { createFileStore, type Written } from './files.ts'
import { baseType, matchesDeclaredType } from './sniff.ts'

export interface StorageOptions {
  /** A superuser pool on the stack's database (the Storage server's own connection). */
  db: pg.Pool
  jwtSecret: string
  /** Auth's signing keys (config.toml signing_keys_path): its ES256 tokens verify here too. */
  signingKeys?: readonly SigningKey[]
  /** Where the bytes live, e.g. `<data>/storage`. */
  root: string
  log: Log
  /** The global upload limit (upstream FILE_SIZE_LIMIT; 50 MB on the free plan). */
  maxFileSize?: number
}

interface Bucket {
  id: string
  name: string
  public: boolean
  file_size_limit: string | number | null
  allowed_mime_types: string[] | null
}

interface ObjectRow {
  id: string
  name: string
  bucket_id: string
  version: string | null
  owner: string | null
  owner_id: string | null
  metadata: Record<string, unknown> | null
  user_metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
  last_accessed_at: Date | null
}

const OBJECT_COLUMNS =
  'id, name, bucket_id, version, owner, owner_id, metadata, user_metadata, created_at, updated_at, last_accessed_at'
/** `file_size_limit` is a bigint; upstream answers it as a JSON number. */
const BUCKET_COLUMNS =
  'id, name, owner, owner_id, public, type, file_size_limit::float8 as file_size_limit, allowed_mime_types, created_at, updated_at'

const BUCKET_NAME = /^[A-Za-z0-9_!\-.*'() &$@=;:+,?]{1,100}$/
/** Signed upload URLs live two hours, as upstream's default. */
const UPLOAD_URL_SECONDS = 2 * 60 * 60
const MULTIPART_OVERHEAD = 64 * 1024

/**
 * Stricter than upstream's S3-safe pattern in one respect that matters for a file store: no
 * control characters and no `.`/`..`/empty segments, so a name never reads as a path.
 */
export function isValidKey(key: string): boolean {
  if (!key || Buffer.byteLength(key) > 1024) return false
  if (/[\u0000-\u001f\u007f\\]/.test(key)) return false
  return key.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
}

function mustBeValidKey(key: string) {
  if (!isValidKey(key)) throw ERRORS.invalidKey(key)
}

function mustBeValidBucketName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !BUCKET_NAME.test(name)) throw ERRORS.invalidBucketName()
}

/** `5MB`, `20GB`, `30KB`, `3B` or a plain number of bytes, as upstream parses it. */
export function parseFileSizeLimit(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  const m = typeof value === 'string' ? /^(\d+)\s*(B|KB|MB|GB)?$/i.exec(value.trim()) : null
  if (!m) throw ERRORS.invalidRequest('Invalid file size format, hint: use 20GB / 20MB / 30KB / 3B')
  const unit = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(m[2] ?? 'B').toUpperCase() as 'B']
  return Number(m[1]) * unit
}

/** The same rule as upstream's validateMimeType: exact type, or `type/*`. */
function mustBeAllowedMime(mime: string, allowed: string[] | null) {
  if (!allowed || allowed.length === 0) return
  const [type, sub] = baseType(mime).split('/')
  if (!type || !sub) throw ERRORS.invalidMimeType(mime)
  const ok = allowed.some((a) => {
    const [at, as] = a.toLowerCase().split('/')
    return at === type && (as === '*' || as === sub)
  })
  if (!ok) throw ERRORS.invalidMimeType(mime)
}

/** Path segments after a route prefix, each decoded; undecodable escapes make an invalid key. */
function decodeSegments(path: string): string[] {
  return path
    .split('/')
    .filter((s, i) => i > 0 || s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s)
      } catch {
        throw ERRORS.invalidKey(s)
      }
    })
}

function bucketAndKey(rest: string): { bucket: string; key: string } {
  const segs = decodeSegments(rest)
  const bucket = segs.shift() ?? ''
  return { bucket, key: segs.join('/') }
}

function readJson(req: IncomingMessage, limit = 1024 * 1024): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(ERRORS.entityTooLarge())
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      if (!text) return resolve({})
      try {
        const parsed: unknown = JSON.parse(text)
        resolve(parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {})
      } catch {
        reject(ERRORS.invalidRequest('Body is not valid JSON'))
      }
    })
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return void res.end()
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(body))
}

function sendError(res: ServerResponse, e: StorageHttpError) {
  send(res, e.httpStatus, e.body())
}

export function createStorage(opts: StorageOptions): HttpService & { start(): Promise<void> } {
  const { db } = opts
  const files = createFileStore(opts.root)
  const tokens = createTokens(opts.jwtSecret, opts.signingKeys)
  const maxFileSize = opts.maxFileSize ?? 50 * 1024 * 1024

  async function findBucket(id: string): Promise<Bucket> {
    mustBeValidBucketName(id)
    const { rows } = await db.query<Bucket>(
      'select id, name, public, file_size_limit, allowed_mime_types from storage.buckets where id = $1',
      [id],
    )
    if (!rows[0]) throw ERRORS.noSuchBucket()
    return rows[0]
  }

  function limitOf(bucket: Bucket) {
    const own = bucket.file_size_limit === null ? Infinity : Number(bucket.file_size_limit)
    return Math.min(own, maxFileSize)
  }

  async function findObject(client: pg.PoolClient, bucket: string, key: string) {
    const { rows } = await client.query<ObjectRow>(
      `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`,
      [bucket, key],
    )
    if (!rows[0]) throw ERRORS.noSuchKey()
    return rows[0]
  }

  /** One statement, no transaction: the hot path of public and signed downloads. */
  async function findObjectAsServer(bucket: string, key: string) {
    const { rows } = await db
      .query<ObjectRow>(
        `select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`,
        [bucket, key],
      )
      .catch((e: unknown) => {
        throw fromDatabaseError(e)
      })
    if (!rows[0]) throw ERRORS.noSuchKey()
    return rows[0]
  }

  async function sign(payload: Record<string, unknown>, seconds: number) {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + Math.max(1, Math.floor(seconds)))
      .sign(tokens.secret)
  }

  async function verifySigned(token: string | null, bucket: string, key: string, scope: string) {
    if (!token) throw ERRORS.invalidJwt('Missing token')
    const payload = await tokens.verify(token)
    if (payload.scope !== scope) throw ERRORS.invalidSignature(`Token is not scoped for ${scope}`)
    if (payload.url !== `${bucket}/${key}`) throw ERRORS.invalidSignature('Invalid signature')
    return payload
  }

  // -- Uploads ---------------------------------------------------------------------------------

  interface Incoming {
    mime: string
    cacheControl: string
    userMetadata: Record<string, unknown> | null
    /** Written to a new version, not yet visible. */
    written: Written
  }

  /** Reads the body (multipart from a Blob/FormData upload, raw bytes otherwise) to a new file. */
  async function receive(req: IncomingMessage, bucket: Bucket): Promise<Incoming> {
    const limit = limitOf(bucket)
    const declared = Number(req.headers['content-length'] ?? NaN)
    const contentType = (req.headers['content-type'] as string | undefined) ?? 'text/plain'
    const multipart = baseType(contentType) === 'multipart/form-data'
    if (Number.isFinite(declared) && declared > limit + (multipart ? MULTIPART_OVERHEAD : 0)) {
      req.resume()
      throw ERRORS.entityTooLarge()
    }
    if (!multipart) {
      mustBeAllowedMime(contentType, bucket.allowed_mime_types)
      const cache = /max-age=(\d+)/.exec((req.headers['cache-control'] as string) ?? '')
      let userMetadata: Record<string, unknown> | null = null
      const xMeta = req.headers['x-metadata'] as string | undefined
      if (xMeta) {
        try {
          userMetadata = JSON.parse(Buffer.from(xMeta, 'base64').toString('utf8'))
        } catch {
          throw ERRORS.invalidRequest('Invalid x-metadata header')
        }
      }
      const written = await files.write(req, limit)
      return {
        mime: contentType,
        cacheControl: `max-age=${cache?.[1] ?? '3600'}`,
        userMetadata,
        written,
      }
    }
    // multipart/form-data: bound the raw stream, then let the platform's parser read it.
    let seen = 0
    const bounded = Readable.from(
      (async function* () {
        for await (const chunk of req) {
          seen += (chunk as Buffer).length
          if (seen > limit + MULTIPART_OVERHEAD) throw ERRORS.entityTooLarge()
          yield chunk as Buffer
        }
      })(),
    )
    let form: FormData
    try {
      form = await new Request('http://storage.local/', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: Readable.toWeb(bounded) as ReadableStream,
        duplex: 'half',
      } as RequestInit).formData()
    } catch (e) {
      if (e instanceof StorageHttpError) throw e
      if ((e as Error).cause instanceof StorageHttpError) throw (e as Error).cause
      throw ERRORS.invalidRequest('The multipart body could not be read')
    }
    let file: File | undefined
    for (const [, value] of form) if (typeof value !== 'string') file ??= value
    if (!file) throw ERRORS.invalidRequest('No content provided')
    const mime = file.type || 'text/plain'
    mustBeAllowedMime(mime, bucket.allowed_mime_types)
    if (file.size > limit) throw ERRORS.entityTooLarge()
    const cacheField = form.get('cacheControl')
    let userMetadata: Record<string, unknown> | null = null
    const metaField = form.get('metadata')
    if (typeof metaField === 'string' && metaField) {
      try {
        userMetadata = JSON.parse(metaField)
      } catch {
        throw ERRORS.invalidRequest('Invalid metadata')
      }
    }
    const written = await files.write(Readable.fromWeb(file.stream() as never), limit)
    return {
      mime,
      cacheControl: `max-age=${typeof cacheField === 'string' && /^\d+$/.test(cacheField) ? cacheField : '3600'}`,
      userMetadata,
      written,
    }
  }

  const metadataOf = (w: Written, mime: string, cacheControl: string) => ({
    eTag: w.eTag,
    size: w.size,
    mimetype: mime,
    cacheControl,
    lastModified: new Date().toUTCString(),
    contentLength: w.size,
    httpStatusCode: 200,
  })

  /** As upstream's canUpload: try the insert (or upsert) as the caller and roll it back. */
  async function canUpload(caller: Caller, bucket: string, key: string, upsert: boolean) {
    await asCaller(
      db,
      caller,
      (client) =>
        client.query(
          `insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata)
           values ($1, $2, $3, $4, 'check', '{}')
           ${upsert ? `on conflict (bucket_id, name) do update set version = excluded.version, updated_at = now()` : ''}`,
          [bucket, key, caller.owner ?? null, caller.owner ?? null],
        ),
      { rollback: true },
    )
  }

  /** Writes the row as the server (upstream completeUpload), after the bytes are in place. */
  async function complete(
    bucket: string,
    key: string,
    owner: string | undefined,
    upsert: boolean,
    incoming: Incoming,
  ) {
    const { written } = incoming
    if (!matchesDeclaredType(incoming.mime, written.head)) {
      await files.remove([written.version])
      throw ERRORS.contentMismatch(baseType(incoming.mime))
    }
    const metadata = metadataOf(written, incoming.mime, incoming.cacheControl)
    try {
      const { row, old } = await asSuperUser(db, async (client) => {
        const { rows: before } = await client.query<{ version: string | null }>(
          'select version from storage.objects where bucket_id = $1 and name = $2 for update',
          [bucket, key],
        )
        if (before[0] && !upsert) throw ERRORS.keyAlreadyExists()
        const { rows } = await client.query<ObjectRow>(
          `insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict (bucket_id, name) do update set
             owner = excluded.owner, owner_id = excluded.owner_id, version = excluded.version,
             metadata = excluded.metadata, user_metadata = excluded.user_metadata, updated_at = now()
           returning ${OBJECT_COLUMNS}`,
          [
            bucket,
            key,
            owner ?? null,
            owner ?? null,
            written.version,
            metadata,
            incoming.userMetadata,
          ],
        )
        return { row: rows[0], old: before[0]?.version }
      })
      await files.remove([old])
      return row
    } catch (e) {
      await files.remove([written.version])
      throw e
    }
  }

  async function upload(req: IncomingMessage, caller: Caller, rest: string, upsert: boolean) {
    const { bucket: bucketId, key } = bucketAndKey(rest)
    mustBeValidBucketName(bucketId)
    mustBeValidKey(key)
    const bucket = await findBucket(bucketId)
    await canUpload(caller, bucketId, key, upsert)
    const incoming = await receive(req, bucket)
    const row = await complete(bucketId, key, caller.owner, upsert, incoming)
    return { Id: row.id, Key: `${bucketId}/${key}` }
  }

  // -- Downloads -------------------------------------------------------------------------------

  /**
   * The bytes with the stored type, never sniffed (`nosniff`) and never run as a page: HTML is
   * served as text/plain (as hosted Storage does) and every response carries a sandboxing CSP.
   */
  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    obj: ObjectRow,
    bodyless: boolean,
  ) {
    const meta = (obj.metadata ?? {}) as Record<string, string | number | undefined>
    let mime = String(meta.mimetype ?? 'application/octet-stream')
    if (/^(text\/html|application\/xhtml\+xml)/i.test(mime)) mime = 'text/plain'
    const headers: Record<string, string | number> = {
      'content-type': mime,
      'cache-control': String(meta.cacheControl ?? 'max-age=3600'),
      etag: String(meta.eTag ?? ''),
      'last-modified': new Date(obj.updated_at).toUTCString(),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'accept-ranges': 'none',
    }
    const download = url.searchParams.get('download')
    if (download !== null) {
      const name = download || obj.name.split('/').pop() || 'download'
      headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(name)}`
    }
    if (meta.eTag && req.headers['if-none-match'] === meta.eTag) {
      res.writeHead(304, headers)
      return void res.end()
    }
    if (!obj.version) throw ERRORS.noSuchKey()
    let size: number
    try {
      size = await files.size(obj.version)
    } catch {
      throw ERRORS.noSuchKey()
    }
    headers['content-length'] = size
    res.writeHead(200, headers)
    if (bodyless) return void res.end()
    await new Promise<void>((resolve) => {
      const stream = files.read(obj.version!)
      stream.on('error', () => {
        res.destroy()
        resolve()
      })
      res.on('close', () => {
        stream.destroy()
        resolve()
      })
      stream.pipe(res)
    })
  }

  const infoBody = (o: ObjectRow) => {
    const m = (o.metadata ?? {}) as Record<string, unknown>
    return {
      id: o.id,
      name: o.name,
      version: o.version,
      bucket_id: o.bucket_id,
      size: m.size ?? null,
      content_type: m.mimetype ?? null,
      cache_control: m.cacheControl ?? null,
      etag: m.eTag ?? null,
      metadata: o.user_metadata,
      last_modified: o.updated_at,
      created_at: o.created_at,
    }
  }

  const fileObject = (o: ObjectRow) => ({
    name: o.name,
    bucket_id: o.bucket_id,
    owner: o.owner,
    owner_id: o.owner_id,
    version: o.version,
    id: o.id,
    updated_at: o.updated_at,
    created_at: o.created_at,
    last_accessed_at: o.last_accessed_at,
    metadata: o.metadata,
    user_metadata: o.user_metadata,
  })

  // -- Routes ----------------------------------------------------------------------------------

  async function route(req: IncomingMessage, res: ServerResponse, path: string, url: URL) {
    const method = req.method ?? 'GET'
    const seg = path.split('/').filter(Boolean)

    // Routes without a caller: public objects and signed URLs.
    if (seg[0] === 'object' && seg[1] === 'public' && (method === 'GET' || method === 'HEAD')) {
      const { bucket: id, key } = bucketAndKey(path.slice('/object/public'.length))
      const bucket = await findBucket(id)
      if (!bucket.public) throw ERRORS.noSuchBucket()
      mustBeValidKey(key)
      const obj = await findObjectAsServer(id, key)
      return serve(req, res, url, obj, method === 'HEAD')
    }
    if (seg[0] === 'object' && seg[1] === 'info' && seg[2] === 'public' && method === 'GET') {
      const { bucket: id, key } = bucketAndKey(path.slice('/object/info/public'.length))
      const bucket = await findBucket(id)
      if (!bucket.public) throw ERRORS.noSuchBucket()
      mustBeValidKey(key)
      return send(res, 200, infoBody(await findObjectAsServer(id, key)))
    }
    if (seg[0] === 'object' && seg[1] === 'sign' && (method === 'GET' || method === 'HEAD')) {
      const { bucket: id, key } = bucketAndKey(path.slice('/object/sign'.length))
      mustBeValidBucketName(id)
      mustBeValidKey(key)
      await verifySigned(url.searchParams.get('token'), id, key, 'download')
      const obj = await findObjectAsServer(id, key)
      return serve(req, res, url, obj, method === 'HEAD')
    }
    if (seg[0] === 'object' && seg[1] === 'upload' && seg[2] === 'sign' && method === 'PUT') {
      const { bucket: id, key } = bucketAndKey(path.slice('/object/upload/sign'.length))
      mustBeValidBucketName(id)
      mustBeValidKey(key)
      const payload = await verifySigned(url.searchParams.get('token'), id, key, 'upload')
      const bucket = await findBucket(id)
      const incoming = await receive(req, bucket)
      const owner = typeof payload.owner === 'string' ? payload.owner : undefined
      await complete(id, key, owner, payload.upsert === true, incoming)
      return send(res, 200, { Key: `${id}/${key}` })
    }

    const caller = await tokens.caller(req, url)

    if (seg[0] === 'bucket') return bucketRoute(req, res, caller, method, seg.slice(1))
    if (seg[0] !== 'object') throw ERRORS.notFound()

    const sub = seg[1]
    if (sub === 'list' && method === 'POST') return list(req, res, caller, path)
    if ((sub === 'move' || sub === 'copy') && method === 'POST')
      return moveOrCopy(req, res, caller, sub, upsertHeader(req))
    if (sub === 'sign' && method === 'POST') {
      const rest = path.slice('/object/sign'.length)
      const { bucket: id, key } = bucketAndKey(rest)
      mustBeValidBucketName(id)
      const body = await readJson(req)
      const expiresIn = Number(body.expiresIn)
      if (!Number.isFinite(expiresIn) || expiresIn < 1) throw ERRORS.missingParameter('expiresIn')
      if (!key) {
        // createSignedUrls: one lookup for every path, as the caller.
        const paths = body.paths
        if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string'))
          throw ERRORS.missingParameter('paths')
        if (paths.length > 1000) throw ERRORS.invalidRequest('At most 1000 paths per request')
        const visible = await asCaller(db, caller, async (c) => {
          const { rows } = await c.query<{ name: string }>(
            'select name from storage.objects where bucket_id = $1 and name = any($2::text[])',
            [id, paths],
          )
          return new Set(rows.map((r) => r.name))
        })
        const out = await Promise.all(
          (paths as string[]).map(async (p) =>
            visible.has(p)
              ? {
                  error: null,
                  path: p,
                  signedURL: `/object/sign/${id}/${p}?token=${await sign({ url: `${id}/${p}`, scope: 'download' }, expiresIn)}`,
                }
              : {
                  error: 'Either the object does not exist or you do not have access to it',
                  path: p,
                  signedURL: null,
                },
          ),
        )
        return send(res, 200, out)
      }
      mustBeValidKey(key)
      await asCaller(db, caller, (c) => findObject(c, id, key))
      const token = await sign({ url: `${id}/${key}`, scope: 'download' }, expiresIn)
      return send(res, 200, { signedURL: `/object/sign/${id}/${key}?token=${token}` })
    }
    if (sub === 'upload' && seg[2] === 'sign' && method === 'POST') {
      const { bucket: id, key } = bucketAndKey(path.slice('/object/upload/sign'.length))
      mustBeValidBucketName(id)
      mustBeValidKey(key)
      req.resume()
      await findBucket(id)
      const upsert = upsertHeader(req)
      await canUpload(caller, id, key, upsert)
      const token = await sign(
        { owner: caller.owner, url: `${id}/${key}`, upsert, scope: 'upload' },
        UPLOAD_URL_SECONDS,
      )
      return send(res, 200, { url: `/object/upload/sign/${id}/${key}?token=${token}`, token })
    }
    if (sub === 'info' && method === 'GET') {
      let rest = path.slice('/object/info'.length)
      if (rest.startsWith('/authenticated/')) rest = rest.slice('/authenticated'.length)
      const { bucket: id, key } = bucketAndKey(rest)
      mustBeValidBucketName(id)
      mustBeValidKey(key)
      const obj = await asCaller(db, caller, (c) => findObject(c, id, key))
      return send(res, 200, infoBody(obj))
    }
    if (method === 'GET' || method === 'HEAD') {
      let rest = path.slice('/object'.length)
      if (rest.startsWith('/authenticated/')) rest = rest.slice('/authenticated'.length)
      const { bucket: id, key } = bucketAndKey(rest)
      mustBeValidBucketName(id)
      mustBeValidKey(key)
      const obj = await asCaller(db, caller, (c) => findObject(c, id, key))
      return serve(req, res, url, obj, method === 'HEAD')
    }
    if (method === 'POST' || method === 'PUT') {
      const upsert = method === 'PUT' || upsertHeader(req)
      const out = await upload(req, caller, path.slice('/object'.length), upsert)
      return send(res, 200, out)
    }
    if (method === 'DELETE') {
      const { bucket: id, key } = bucketAndKey(path.slice('/object'.length))
      mustBeValidBucketName(id)
      const prefixes = key ? [key] : (await readJson(req)).prefixes
      if (!Array.isArray(prefixes) || prefixes.some((p) => typeof p !== 'string'))
        throw ERRORS.missingParameter('prefixes')
      if (prefixes.length > 1000)
        throw ERRORS.invalidRequest('At most 1000 objects can be deleted per request.')
      const deleted = await asCaller(
        db,
        caller,
        async (c) =>
          (
            await c.query<ObjectRow>(
              `delete from storage.objects where bucket_id = $1 and name = any($2::text[])
               returning ${OBJECT_COLUMNS}`,
              [id, prefixes],
            )
          ).rows,
        { allowDelete: true },
      )
      await files.remove(deleted.map((d) => d.version))
      if (key) {
        if (deleted.length === 0) throw ERRORS.noSuchKey()
        return send(res, 200, { message: 'Successfully deleted' })
      }
      return send(res, 200, deleted.map(fileObject))
    }
    throw ERRORS.notFound()
  }

  function upsertHeader(req: IncomingMessage) {
    return String(req.headers['x-upsert'] ?? '').toLowerCase() === 'true'
  }

  async function list(req: IncomingMessage, res: ServerResponse, caller: Caller, path: string) {
    const id = decodeSegments(path.slice('/object/list'.length))[0] ?? ''
    mustBeValidBucketName(id)
    const body = await readJson(req)
    let prefix = typeof body.prefix === 'string' ? body.prefix : ''
    if (prefix && !prefix.endsWith('/')) prefix += '/'
    const limit = Math.min(Math.max(Number(body.limit ?? 100) || 100, 1), 1000)
    const offset = Math.max(Number(body.offset ?? 0) || 0, 0)
    const sortBy = (body.sortBy ?? {}) as { column?: string; order?: string }
    const column = ['name', 'updated_at', 'created_at', 'last_accessed_at'].includes(
      sortBy.column ?? '',
    )
      ? sortBy.column!
      : 'name'
    const desc = String(sortBy.order ?? 'asc').toLowerCase() === 'desc'
    const search = typeof body.search === 'string' ? body.search : ''
    const rows = await asCaller(db, caller, async (c) => {
      const { rows } = await c.query<ObjectRow>(
        `select ${OBJECT_COLUMNS} from storage.objects
          where bucket_id = $1 and left(name, length($2)) = $2`,
        [id, prefix],
      )
      return rows
    })
    // Folders (the next segment of deeper names) come back as entries without an id.
    type Entry = Omit<ReturnType<typeof fileObject>, 'id' | 'metadata'> & {
      id: string | null
      metadata: Record<string, unknown> | null
    }
    const entries = new Map<string, Entry>()
    for (const row of rows) {
      const rest = row.name.slice(prefix.length)
      const slash = rest.indexOf('/')
      const name = slash < 0 ? rest : rest.slice(0, slash)
      if (search && !name.toLowerCase().startsWith(search.toLowerCase())) continue
      if (slash < 0) entries.set(`f:${name}`, { ...fileObject(row), name })
      else if (!entries.has(`d:${name}`))
        entries.set(`d:${name}`, {
          name,
          bucket_id: id,
          owner: null,
          owner_id: null,
          version: null,
          id: null,
          updated_at: null as never,
          created_at: null as never,
          last_accessed_at: null,
          metadata: null,
          user_metadata: null,
        })
    }
    const sorted = [...entries.values()].sort((a, b) => {
      const key = (e: Entry) => {
        const v: unknown = e[column as keyof Entry]
        return v instanceof Date ? v.toISOString() : String(v ?? '')
      }
      const cmp = key(a).localeCompare(key(b))
      return desc ? -cmp : cmp
    })
    send(res, 200, sorted.slice(offset, offset + limit))
  }

  async function moveOrCopy(
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
    op: 'move' | 'copy',
    upsert: boolean,
  ) {
    const body = await readJson(req)
    const { bucketId, sourceKey, destinationKey } = body
    const destinationBucket = body.destinationBucket ?? bucketId
    if (typeof bucketId !== 'string') throw ERRORS.missingParameter('bucketId')
    if (typeof sourceKey !== 'string') throw ERRORS.missingParameter('sourceKey')
    if (typeof destinationKey !== 'string') throw ERRORS.missingParameter('destinationKey')
    mustBeValidBucketName(bucketId)
    mustBeValidBucketName(destinationBucket)
    mustBeValidKey(sourceKey)
    mustBeValidKey(destinationKey)
    const target = await findBucket(destinationBucket)
    if (op === 'move') {
      const moved = await asCaller(db, caller, async (c) => {
        await findObject(c, bucketId, sourceKey)
        const { rows } = await c.query<ObjectRow>(
          `update storage.objects set bucket_id = $3, name = $4, updated_at = now()
            where bucket_id = $1 and name = $2 returning ${OBJECT_COLUMNS}`,
          [bucketId, sourceKey, destinationBucket, destinationKey],
        )
        // An UPDATE policy that hides the row makes the update touch nothing.
        if (!rows[0]) throw ERRORS.accessDenied('new row violates row-level security policy')
        return rows[0]
      })
      return send(res, 200, {
        message: 'Successfully moved',
        Id: moved.id,
        Key: `${destinationBucket}/${destinationKey}`,
      })
    }
    const source = await asCaller(db, caller, (c) => findObject(c, bucketId, sourceKey))
    const mime = String((source.metadata ?? {}).mimetype ?? '')
    mustBeAllowedMime(mime, target.allowed_mime_types)
    if (Number((source.metadata ?? {}).size ?? 0) > limitOf(target)) throw ERRORS.entityTooLarge()
    if (!source.version) throw ERRORS.noSuchKey()
    const version = await files.copy(source.version)
    try {
      const copied = await asCaller(db, caller, async (c) => {
        const { rows } = await c.query<ObjectRow>(
          `insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
           values ($1, $2, $3, $4, $5, $6, $7)
           ${upsert ? 'on conflict (bucket_id, name) do update set version = excluded.version, metadata = excluded.metadata, user_metadata = excluded.user_metadata, owner = excluded.owner, owner_id = excluded.owner_id, updated_at = now()' : ''}
           returning ${OBJECT_COLUMNS}`,
          [
            destinationBucket,
            destinationKey,
            caller.owner ?? null,
            caller.owner ?? null,
            version,
            source.metadata,
            body.copyMetadata === false ? (body.metadata ?? null) : source.user_metadata,
          ],
        )
        return rows[0]
      })
      return send(res, 200, { Id: copied.id, Key: `${destinationBucket}/${destinationKey}` })
    } catch (e) {
      await files.remove([version])
      throw e
    }
  }

  async function bucketRoute(
    req: IncomingMessage,
    res: ServerResponse,
    caller: Caller,
    method: string,
    seg: string[],
  ) {
    const id = seg[0] ? decodeURIComponent(seg[0]) : undefined
    if (!id && method === 'GET') {
      const rows = await asCaller(
        db,
        caller,
        async (c) =>
          (await c.query(`select ${BUCKET_COLUMNS} from storage.buckets order by name`)).rows,
      )
      return send(res, 200, rows)
    }
    if (!id && method === 'POST') {
      const body = await readJson(req)
      const name = body.name
      mustBeValidBucketName(name)
      const bucketId = typeof body.id === 'string' ? body.id : name
      mustBeValidBucketName(bucketId)
      const limit = parseFileSizeLimit(body.file_size_limit)
      const mimes = body.allowed_mime_types
      if (
        mimes !== undefined &&
        mimes !== null &&
        (!Array.isArray(mimes) || mimes.some((m) => typeof m !== 'string'))
      )
        throw ERRORS.invalidRequest('allowed_mime_types must be a list of mime types')
      await asCaller(db, caller, (c) =>
        c
          .query(
            `insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
             values ($1, $2, $3, $4, $5, $6, $7)`,
            [
              bucketId,
              name,
              caller.owner ?? null,
              caller.owner ?? null,
              body.public === true,
              limit,
              mimes ?? null,
            ],
          )
          .catch((e: { code?: string }) => {
            throw e.code === '23505' ? ERRORS.bucketAlreadyExists() : e
          }),
      )
      return send(res, 200, { name })
    }
    if (!id) throw ERRORS.notFound()
    mustBeValidBucketName(id)
    if (seg.length === 1 && method === 'GET') {
      const row = await asCaller(
        db,
        caller,
        async (c) =>
          (await c.query(`select ${BUCKET_COLUMNS} from storage.buckets where id = $1`, [id]))
            .rows[0],
      )
      if (!row) throw ERRORS.noSuchBucket()
      return send(res, 200, row)
    }
    if (seg.length === 1 && method === 'PUT') {
      const body = await readJson(req)
      const sets: string[] = []
      const values: unknown[] = [id]
      if (body.public !== undefined) {
        values.push(body.public === true)
        sets.push(`public = $${values.length}`)
      }
      if (body.file_size_limit !== undefined) {
        values.push(parseFileSizeLimit(body.file_size_limit))
        sets.push(`file_size_limit = $${values.length}`)
      }
      if (body.allowed_mime_types !== undefined) {
        values.push(body.allowed_mime_types)
        sets.push(`allowed_mime_types = $${values.length}`)
      }
      sets.push('updated_at = now()')
      const n = await asCaller(
        db,
        caller,
        async (c) =>
          (await c.query(`update storage.buckets set ${sets.join(', ')} where id = $1`, values))
            .rowCount,
      )
      if (!n) throw ERRORS.noSuchBucket()
      return send(res, 200, { message: 'Successfully updated' })
    }
    if (seg.length === 2 && seg[1] === 'empty' && method === 'POST') {
      req.resume()
      await findBucket(id)
      const deleted = await asCaller(
        db,
        caller,
        async (c) =>
          (
            await c.query<{ version: string | null }>(
              'delete from storage.objects where bucket_id = $1 returning version',
              [id],
            )
          ).rows,
        { allowDelete: true },
      )
      await files.remove(deleted.map((d) => d.version))
      return send(res, 200, { message: 'Successfully emptied' })
    }
    if (seg.length === 1 && method === 'DELETE') {
      req.resume()
      await asCaller(
        db,
        caller,
        async (c) => {
          const { rows } = await c.query(
            'select 1 from storage.objects where bucket_id = $1 limit 1',
            [id],
          )
          if (rows[0]) throw ERRORS.bucketNotEmpty()
          const { rowCount } = await c.query('delete from storage.buckets where id = $1', [id])
          if (!rowCount) throw ERRORS.noSuchBucket()
        },
        { allowDelete: true },
      )
      return send(res, 200, { message: 'Successfully deleted' })
    }
    throw ERRORS.notFound()
  }

  return {
    async start() {
      await files.init()
    },
    async handle(req, res, path, url) {
      try {
        // The path as sent, not as the URL parser resolved it: `a/../b` must reach the key
        // check (and be refused), not turn silently into `b`.
        const raw = (req.url ?? '').split('?')[0]
        await route(
          req,
          res,
          raw.startsWith('/storage/v1/') ? raw.slice('/storage/v1'.length) : path,
          url,
        )
      } catch (e) {
        if (!(e instanceof StorageHttpError)) {
          opts.log(`storage: ${(e as Error).stack ?? String(e)}`)
          e = ERRORS.internal()
        }
        // Drain what the client is still sending, then answer.
        if (!req.complete) req.resume()
        sendError(res, e as StorageHttpError)
      }
    },
  }
}
