// The committed database types must be what the schema generates (npm run db:types).
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { generateTypes, typesFile } from '../../scripts/db-types.ts'
import { stackInfo } from '../support/clients.ts'

test('src/api/database.types.ts matches the migrated schema', async () => {
  const generated = await generateTypes(stackInfo().dbUrl)
  expect(generated.length).toBeGreaterThan(1000)
  expect(readFileSync(typesFile, 'utf8'), 'run `npm run db:types` and commit the result').toBe(
    generated,
  )
}, 200_000)
