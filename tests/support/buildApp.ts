// The production build of the app, exactly as `npm run build` makes it, pointed at one stack.
// Used by the e2e setup, the other-area test and the benches that serve the app.
//
// It runs in a process of its own: inside Vitest NODE_ENV is `test`, and setting it to
// `production` in-process only half works (Vue's runtime was built for production while its
// templates were compiled with their comments kept, so a component whose template starts with a
// comment lost its fall-through attributes, which residents never see).
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)
const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

export interface BuildTarget {
  apiUrl: string
  publishableKey: string
}

/**
 * Builds into `outDir` for the stack at `target`. The stack's URL and key are passed to the build
 * process directly, never through this process's env: two stacks may be set up in one process.
 * `manifest` adds .vite/manifest.json (bench/web.ts reads it).
 */
export async function buildApp(
  outDir: string,
  target: BuildTarget,
  options: { manifest?: boolean } = {},
): Promise<void> {
  await execFileAsync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      'warn',
      '--outDir',
      outDir,
      '--emptyOutDir',
      ...(options.manifest ? ['--manifest'] : []),
    ],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        VITE_SUPABASE_URL: target.apiUrl,
        VITE_SUPABASE_PUBLISHABLE_KEY: target.publishableKey,
      },
      maxBuffer: 16 * 1024 * 1024,
    },
  )
}
