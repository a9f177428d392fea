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

/** The real functions-js and its error classes, behind src/api/functionsLazy.ts (build only). */
declare module 'emmer:functions-js' {
  export * from '@supabase/functions-js'
}
declare module 'emmer:functions-types' {
  export {
    FunctionRegion,
    FunctionsError,
    FunctionsFetchError,
    FunctionsHttpError,
    FunctionsRelayError,
  } from '@supabase/functions-js'
}

/** auth-js's real admin API, loaded on first use by src/api/authLeftOut.ts (build only). */
declare module 'emmer:auth-admin' {
  export { default } from '@supabase/auth-js/dist/module/GoTrueAdminApi.js'
}

/** The team's part of a locale file (scripts/precompileMessages.ts; the whole file in dev). */
declare module '*.json?team' {
  const messages: Record<string, unknown>
  export default messages
}
