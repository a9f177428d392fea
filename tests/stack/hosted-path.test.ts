// The README's hosted steps, followed as far as this machine allows: a fresh Postgres with only
// Supabase's bootstrap (what a new project has before its first push), the schema and the reference
// seed pushed by the pinned Supabase CLI with the README's own command, and then the app's API
// against it. The local stack's own migrator must then find nothing left to do, and no demo account
// may have come along. If the README's command changes, this test runs the new one.
import { execFile } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createClient } from '@supabase/supabase-js'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrationFiles, repoRoot } from '../../supabase/local/migrate.ts'
import { LocalPostgres, tempDataDir } from '../../supabase/local/postgres.ts'
import { freePort, startStack, type Stack } from '../../supabase/local/stack.ts'

const run = promisify(execFile)
const dataDir = tempDataDir('emmer-hosted-')
let stack: Stack
let pushOutput = ''

/** The `npx supabase db push --db-url "…"` line of the README's "Use a real Supabase project". */
function readmePushCommand(): string[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Use a real Supabase project'))
  const line = section.split('\n').find((l) => /^\s*npx supabase db push --db-url /.test(l))
  if (!line) throw new Error('README.md has no `npx supabase db push --db-url` step any more')
  // Words, with the quoted URL as one word.
  return [...line.trim().matchAll(/"[^"]*"|\S+/g)].map((m) => m[0].replace(/^"|"$/g, ''))
}

beforeAll(async () => {
  const dbPort = await freePort()
  const postgres = new LocalPostgres({
    dataDir: join(dataDir, 'postgres'),
    port: dbPort,
    password: 'postgres',
    log: () => undefined,
  })
  await postgres.init()
  await postgres.start()
  try {
    const client = new pg.Client({ connectionString: postgres.url })
    await client.connect()
    await client.query(readFileSync(join(repoRoot, 'supabase', 'local', 'bootstrap.sql'), 'utf8'))
    await client.end()

    const [npx, ...args] = readmePushCommand()
    expect(npx).toBe('npx')
    const at = args.indexOf('--db-url')
    expect(args[at + 1]).toMatch(/^postgresql:\/\/postgres:<password>@/)
    // The local Postgres speaks no TLS; a hosted project does, so only the URL differs.
    args[at + 1] = `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres?sslmode=disable`
    // The README's step 2 adds --include-seed for the reference data; --yes answers the CLI's
    // "seed the remote database?" question, which a person answers at the prompt.
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain('--include-seed')
    const { stdout, stderr } = await run(
      join(repoRoot, 'node_modules', '.bin', 'supabase'),
      [...args.slice(1), '--include-seed', '--yes'],
      { cwd: repoRoot, timeout: 240_000, env: { ...process.env, DO_NOT_TRACK: '1' } },
    )
    pushOutput = stdout + stderr
  } finally {
    await postgres.stop()
  }

  // The same data folder under the whole local stack, as the app's API in front of the pushed DB.
  stack = await startStack({
    dataDir,
    ports: { api: await freePort(), db: dbPort, mailbox: await freePort() },
    log: () => undefined,
  })
}, 360_000)

afterAll(async () => {
  await stack?.stop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('a project set up with the README hosted steps', () => {
  it('the CLI applied every migration and the reference seed, and the stack found nothing left', () => {
    expect(pushOutput).toContain('Finished supabase db push.')
    expect(pushOutput).toContain('supabase/seed/reference.sql')
    expect(pushOutput).not.toContain('demo.sql')
    expect(stack.created).toBe(false)
    expect(stack.migration.applied).toEqual([])
    expect(stack.migration.seeded).toBe(false)
  })

  it('recorded every migration where the CLI records them, and holds no demo people or ideas', async () => {
    const db = new pg.Client({ connectionString: stack.info.dbUrl })
    await db.connect()
    try {
      const versions = await db.query<{ version: string }>(
        'select version from supabase_migrations.schema_migrations order by version',
      )
      expect(versions.rows.map((r) => r.version)).toEqual(migrationFiles().map((m) => m.version))
      const people = await db.query<{ n: number }>('select count(*)::int as n from auth.users')
      expect(people.rows[0].n).toBe(0)
      const ideas = await db.query<{ n: number }>('select count(*)::int as n from public.ideas')
      expect(ideas.rows[0].n).toBe(0)
    } finally {
      await db.end()
    }
  })

  it('serves the reference data to visitors and refuses their writes', async () => {
    const anon = createClient(stack.info.apiUrl, stack.info.anonKey, {
      auth: { persistSession: false },
    })
    const hoods = await anon.from('neighbourhoods').select('id, name')
    expect(hoods.error).toBeNull()
    expect(hoods.data!.length).toBeGreaterThan(10)
    const themes = await anon.from('themes').select('id')
    expect(themes.data!.length).toBeGreaterThan(0)
    const write = await anon.from('neighbourhoods').insert({ slug: 'x', name: 'X', district: 'X' })
    expect(write.error).not.toBeNull()
    const trust = await anon.rpc('public_trust_figures')
    expect(trust.error).toBeNull()
  })

  it('a new resident signs up, posts an idea and votes; a visitor sees it; others cannot change it', async () => {
    const admin = createClient(stack.info.apiUrl, stack.info.serviceRoleKey, {
      auth: { persistSession: false },
    })
    const email = `hosted-${Date.now()}@example.test`
    const created = await admin.auth.admin.createUser({
      email,
      password: 'een-lang-wachtwoord-2026',
      email_confirm: true,
      user_metadata: { display_name: 'Nieuwe buur' },
    })
    expect(created.error).toBeNull()
    const resident = createClient(stack.info.apiUrl, stack.info.anonKey, {
      auth: { persistSession: false },
    })
    const signIn = await resident.auth.signInWithPassword({
      email,
      password: 'een-lang-wachtwoord-2026',
    })
    expect(signIn.error).toBeNull()

    const anon = createClient(stack.info.apiUrl, stack.info.anonKey, {
      auth: { persistSession: false },
    })
    const [hood] = (await anon.from('neighbourhoods').select('id').limit(1)).data!
    const [theme] = (await anon.from('themes').select('id').limit(1)).data!
    const id = crypto.randomUUID()
    const posted = await resident.rpc('submit_idea', {
      id,
      title: 'Een bankje bij de speeltuin',
      body: 'Ouders staan nu de hele middag. Een bankje zou fijn zijn voor iedereen.',
      kind: 'idea',
      theme_id: theme.id,
      neighbourhood_id: hood.id,
    })
    expect(posted.error).toBeNull()
    const vote = await resident.from('votes').insert({ idea_id: id })
    expect(vote.error).toBeNull()

    const seen = await anon.from('ideas').select('title, vote_count').eq('id', id).single()
    expect(seen.data).toEqual({ title: 'Een bankje bij de speeltuin', vote_count: 1 })
    const changed = await anon.from('ideas').update({ title: 'Gekaapt' }).eq('id', id).select()
    expect(changed.error?.code).toBe('42501')
    const after = await anon.from('ideas').select('title').eq('id', id).single()
    expect(after.data?.title).toBe('Een bankje bij de speeltuin')
  })
})
