/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_SUPABASE_URL?: string
  readonly VITE_SUPABASE_ANON_KEY?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}

/** The real storage-js, behind src/api/storageLazy.ts in the production build (vite.config.ts). */
declare module 'emmer:storage-js' {
  export * from '@supabase/storage-js'
}
