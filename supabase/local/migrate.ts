// Brings a database to the state a hosted Supabase project would have after `supabase db push`:
// the Supabase bootstrap, then every file in supabase/migrations in order (recorded where the
// Supabase CLI records them), then, on a fresh database, the seed files that supabase/config.toml
// lists under [db.seed] sql_paths (reference data only, so that `db push --include-seed` never
// installs a demo account) and the demo data on top, which only the local stack loads.
import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { loadConfig, type ProjectConfig } from './config.ts'

export const repoRoot = join(import.meta.dirname, '..', '..')
const migrationsDir = join(repoRoot, 'supabase', 'migrations')
/** Demo accounts (with a published password) and ideas: local stack only, never in config.toml. */
const demoSeed = join(repoRoot, 'supabase', 'seed', 'demo.sql')

export interface MigrateResult {
  applied: string[]
  seeded: boolean
}

export function migrationFiles(): { version: string; name: string; file: string }[] {
  if (!existsSync(migrationsDir)) return []
  return readdirSync(migrationsDir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((file) => {
      const [, version, name] = /^(\d+)_(.+)\.sql$/.exec(file)!
      return { version, name, file: join(migrationsDir, file) }
    })
}

export async function migrate(
  url: string,
  opts: { seed: boolean; config?: ProjectConfig },
): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(readFileSync(join(import.meta.dirname, 'bootstrap.sql'), 'utf8'))
    const { rows } = await client.query<{ version: string }>(
      'select version from supabase_migrations.schema_migrations',
    )
    const done = new Set(rows.map((r) => r.version))
    const fresh = done.size === 0
    const applied: string[] = []
    for (const m of migrationFiles()) {
      if (done.has(m.version)) continue
      const sql = readFileSync(m.file, 'utf8')
      try {
        await client.query('begin')
        await client.query(sql)
        await client.query(
          'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
          [m.version, m.name, [sql]],
        )
        await client.query('commit')
      } catch (e) {
        await client.query('rollback')
        throw new Error(`Migration ${m.version}_${m.name} failed: ${(e as Error).message}`)
      }
      applied.push(`${m.version}_${m.name}`)
    }
    const seedFiles = localSeedFiles(opts.config)
    let seeded = false
    if (opts.seed && fresh && seedFiles.length > 0) {
      try {
        await client.query('begin')
        for (const file of seedFiles) {
          try {
            await client.query(readFileSync(file, 'utf8'))
          } catch (e) {
            throw new Error(`${file.slice(repoRoot.length + 1)} failed: ${(e as Error).message}`)
          }
        }
        await client.query('commit')
      } catch (e) {
        await client.query('rollback')
        throw e
      }
      seeded = true
    }
    await client.query(`notify pgrst, 'reload schema'`)
    return { applied, seeded }
  } finally {
    await client.end()
  }
}

/**
 * What the local stack seeds a fresh database with: config.toml's seed files, then the demo data;
 * nothing when `[db.seed] enabled = false`.
 */
export function localSeedFiles(config = loadConfig()): string[] {
  if (!config.db.seed.enabled) return []
  return [...seedPaths(config), ...(existsSync(demoSeed) ? [demoSeed] : [])]
}

/**
 * The seed files, in order, as supabase/config.toml lists them under [db.seed] sql_paths (paths
 * relative to supabase/, as the Supabase CLI reads them). Files that do not exist are skipped.
 */
export function seedPaths(config = loadConfig()): string[] {
  return config.db.seed.sqlPaths.filter((file) => existsSync(file))
}
