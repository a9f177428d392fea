/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_SUPABASE_URL?: string
  /** The project's publishable key (`sb_publishable_…`). */
  readonly VITE_SUPABASE_PUBLISHABLE_KEY?: string
  /** The legacy anon JWT key, for a project without a publishable key. */
  readonly VITE_SUPABASE_ANON_KEY?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}

/** The real storage-js, behind src/api/storageLazy.ts in the production build (vite.config.ts). */
declare module 'emmer:storage-js' {
  export * from '@supabase/storage-js'
}
