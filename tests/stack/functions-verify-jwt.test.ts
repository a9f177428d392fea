// verify_jwt = true on the local functions server (issues #12/#13): the gateway takes the project's
// asymmetric (ES256) user tokens, as hosted Supabase does, and the legacy HS256 ones; it refuses a
// token signed by another key, an expired one and a tampered one with hosted's 401, its
// `sb-error-code` header and its `{ code, message }` body, before the function runs.
import { createServer, type Server } from 'node:http'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFunctions, type LocalFunctions } from '../../supabase/local/functions.ts'
import { repoRoot } from '../../supabase/local/migrate.ts'
import { readSigningKeys, signer } from '../../supabase/local/signing.ts'
import { signedInClient, stackInfo } from '../support/clients.ts'

const SIGNING_KEYS = readSigningKeys(join(repoRoot, 'supabase', 'signing_keys.json'))

let dir: string
let functions: LocalFunctions
let server: Server
let base: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'verify-jwt-'))
  const fnDir = join(dir, 'supabase', 'functions')
  mkdirSync(join(fnDir, 'guarded'), { recursive: true })
  writeFileSync(
    join(fnDir, 'guarded', 'index.ts'),
    `Deno.serve(() => Response.json({ ran: true }))\n`,
  )
  // No [functions.guarded] block: verify_jwt is on, the CLI's default.
  writeFileSync(join(dir, 'config.toml'), 'project_id = "verify-jwt"\n')
  functions = createFunctions({
    dir: fnDir,
    configPath: join(dir, 'config.toml'),
    env: {},
    secrets: {},
    jwtSecret: stackInfo().jwtSecret,
    signingKeys: SIGNING_KEYS,
    denoDir: join(dir, 'deno'),
    freePort: () =>
      new Promise((resolve) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const port = (s.address() as { port: number }).port
          s.close(() => resolve(port))
        })
      }),
    log: () => undefined,
  })
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    void functions.handle(req, res, url.pathname, url)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})

afterAll(async () => {
  await functions?.stop()
  await new Promise((resolve) => server?.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

function call(authorization?: string) {
  return fetch(`${base}/guarded`, {
    method: 'POST',
    headers: authorization ? { authorization } : {},
  })
}

async function expectRefused(res: Response, code: string, message = 'Invalid JWT') {
  expect(res.status).toBe(401)
  expect(res.headers.get('sb-error-code')).toBe(code)
  expect(await res.json()).toEqual({ code, message })
}

async function userToken(): Promise<string> {
  const { client } = await signedInClient()
  const { data } = await client.auth.getSession()
  return data.session!.access_token
}

/** A token the project's own signing key signs, with the claims and lifetime given. */
async function projectSigned(claims: Record<string, unknown>, exp: number) {
  const key = (await signer(SIGNING_KEYS))!
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuedAt(exp - 3600)
    .setExpirationTime(exp)
    .sign(key.key)
}

describe('verify_jwt = true', () => {
  it("accepts Auth's ES256 user token and runs the function", async () => {
    const token = await userToken()
    expect(decodeProtectedHeader(token).alg).toBe('ES256')
    const res = await call(`Bearer ${token}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ran: true })
  })

  it('accepts a legacy HS256 token (the legacy service_role key)', async () => {
    const res = await call(`Bearer ${stackInfo().serviceRoleKey}`)
    expect(res.status).toBe(200)
  })

  it('refuses an ES256 token signed with another key, even under the project key id', async () => {
    const other = await generateKeyPair('ES256')
    const now = Math.floor(Date.now() / 1000)
    const token = await new SignJWT({ sub: crypto.randomUUID(), role: 'authenticated' })
      .setProtectedHeader({ alg: 'ES256', kid: SIGNING_KEYS[0].kid, typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(other.privateKey)
    await expectRefused(await call(`Bearer ${token}`), 'UNAUTHORIZED_ASYMMETRIC_JWT')
  })

  it('refuses an expired token the project key signed', async () => {
    const past = Math.floor(Date.now() / 1000) - 60
    const token = await projectSigned({ sub: crypto.randomUUID(), role: 'authenticated' }, past)
    await expectRefused(await call(`Bearer ${token}`), 'UNAUTHORIZED_ASYMMETRIC_JWT')
  })

  it("refuses Auth's token with its claims changed (role raised to service_role)", async () => {
    const [header, payload, signature] = (await userToken()).split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const raised = Buffer.from(JSON.stringify({ ...claims, role: 'service_role' })).toString(
      'base64url',
    )
    await expectRefused(
      await call(`Bearer ${header}.${raised}.${signature}`),
      'UNAUTHORIZED_ASYMMETRIC_JWT',
    )
  })

  it('refuses an HS256 token signed with another secret', async () => {
    const token = await new SignJWT({ role: 'service_role' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-project-secret-not-the-project-secret'))
    await expectRefused(await call(`Bearer ${token}`), 'UNAUTHORIZED_LEGACY_JWT')
  })

  it('refuses a missing header, a non-JWT key and an unsupported algorithm', async () => {
    await expectRefused(await call(), 'UNAUTHORIZED_NO_AUTH_HEADER', 'Missing authorization header')
    await expectRefused(
      await call(`Bearer ${stackInfo().secretKey}`),
      'UNAUTHORIZED_INVALID_JWT_FORMAT',
    )
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`
    await expectRefused(
      await call(`Bearer ${none}`),
      'UNAUTHORIZED_UNSUPPORTED_TOKEN_ALGORITHM',
      'Unsupported JWT algorithm none',
    )
  })

  it('lets a CORS preflight through without a token', async () => {
    const res = await fetch(`${base}/guarded`, { method: 'OPTIONS' })
    expect(res.status).not.toBe(401)
  })
})
