import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { loadEnv } from 'vite'
import { defineConfig } from 'vitest/config'
import { cspPlugin } from './scripts/csp.ts'
import { precompiledMessagesPlugin } from './scripts/precompileMessages.ts'

/** The local stack's API, as in src/api/supabase.ts. */
const LOCAL_API_URL = 'http://127.0.0.1:54321'

export default defineConfig(({ command, mode }) => ({
  plugins: [
    // Every component is <script setup>: the Options API only adds weight to the first load.
    vue({ features: { optionsAPI: false } }),
    precompiledMessagesPlugin(),
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
          ]
        : []),
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
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          globalSetup: ['tests/setup/e2e.ts'],
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
}))
