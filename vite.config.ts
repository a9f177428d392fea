import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { loadEnv, type Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
import { cspPlugin } from './scripts/csp.ts'
import { precompiledMessagesPlugin, teamMessagesPlugin } from './scripts/precompileMessages.ts'

/** The local stack's API, as in src/api/supabase.ts. */
const LOCAL_API_URL = 'http://127.0.0.1:54321'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * auth-js's static imports of its admin API, WebAuthn and Web3 go to src/api/authLeftOut.ts (the
 * admin API loads on first use; Emmer offers neither passkeys nor Ethereum sign-in). Only
 * auth-js's own relative imports: the stand-in loads the real admin API by another name.
 */
function authPartsOffTheFirstLoad(): Plugin {
  const parts = new Set(['./GoTrueAdminApi', './lib/webauthn', './lib/web3/ethereum'])
  return {
    name: 'emmer-auth-parts-off-the-first-load',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && /[\\/]auth-js[\\/]dist[\\/]module[\\/][^\\/]+\.js$/.test(importer)) {
        if (parts.has(source)) return here('./src/api/authLeftOut.ts')
      }
      return null
    },
  }
}

/** One e2e project: its own stack and build (tests/setup/e2e.ts), its files one at a time. */
function e2eProject(name: string, include: string[]) {
  return {
    extends: true,
    test: {
      name,
      environment: 'node' as const,
      globalSetup: ['tests/setup/e2e.ts'],
      include,
      testTimeout: 90_000,
      fileParallelism: false,
    },
  }
}

export default defineConfig(({ command, mode }) => ({
  plugins: [
    // Every component is <script setup>: the Options API only adds weight to the first load.
    vue({ features: { optionsAPI: false } }),
    precompiledMessagesPlugin(),
    teamMessagesPlugin(),
    authPartsOffTheFirstLoad(),
    cspPlugin(
      loadEnv(mode, process.cwd(), 'VITE_').VITE_SUPABASE_URL ||
        process.env.VITE_SUPABASE_URL ||
        LOCAL_API_URL,
    ),
  ],
  resolve: {
    alias: [
      { find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
      // Realtime and Storage load on first use: see src/api/realtimeLazy.ts. Build only, so the
      // tests and the dev server use supabase-js exactly as published.
      ...(command === 'build'
        ? [
            {
              find: /^@supabase\/realtime-js$/,
              replacement: fileURLToPath(new URL('./src/api/realtimeLazy.ts', import.meta.url)),
            },
            // Storage the same way (src/api/storageLazy.ts), which loads the real one from here.
            {
              find: /^@supabase\/storage-js$/,
              replacement: fileURLToPath(new URL('./src/api/storageLazy.ts', import.meta.url)),
            },
            // Edge Functions too (src/api/functionsLazy.ts): `invoke` loads the client.
            { find: /^@supabase\/functions-js$/, replacement: here('./src/api/functionsLazy.ts') },
          ]
        : []),
      {
        find: /^emmer:functions-js$/,
        replacement: here('./node_modules/@supabase/functions-js/dist/module/index.js'),
      },
      {
        find: /^emmer:functions-types$/,
        replacement: here('./node_modules/@supabase/functions-js/dist/module/types.js'),
      },
      {
        find: /^emmer:auth-admin$/,
        replacement: here('./node_modules/@supabase/auth-js/dist/module/GoTrueAdminApi.js'),
      },
      {
        find: /^emmer:storage-js$/,
        replacement: fileURLToPath(
          new URL('./node_modules/@supabase/storage-js/dist/index.mjs', import.meta.url),
        ),
      },
    ],
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    // Every browser that runs an es2022 build preloads modules itself (Chrome 66, Safari 17,
    // Firefox 115); the polyfill only cost bytes on the first load.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: 'app', tags: ['$initial'] }],
        },
      },
    },
  },
  test: {
    reporters: ['default', './tests/setup/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: test files share one database, so keep the parallelism modest.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'happy-dom',
          include: ['src/**/*.test.ts'],
          setupFiles: ['tests/setup/unit.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          // A private stack (Postgres, PostgREST, Auth, Realtime) on free ports and a throw-away
          // data folder; see tests/setup/stack.ts. Vitest runs a global setup once per project.
          globalSetup: ['tests/setup/stack.ts'],
          include: ['tests/**/*.test.ts', 'supabase/**/*.test.ts'],
          exclude: ['tests/e2e/**'],
        },
      },
      // Real Chromium against the production build. The files of one project share its stack and
      // run one at a time; the two projects each have a stack of their own and run side by side,
      // which halves the e2e part of the run (most of its time is waiting on pages, not CPU).
      e2eProject('e2e', ['tests/e2e/[a-l]*.test.ts']),
      e2eProject('e2e-2', ['tests/e2e/[m-z]*.test.ts']),
    ],
  },
}))
