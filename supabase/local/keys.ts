// The well-known keys of Supabase's own local stack (`supabase start`), so that tools and
// documentation written for that stack work unchanged here. They are public and only ever local.
export const JWT_SECRET = 'super-secret-jwt-token-with-at-least-32-characters-long'

/** The new kind of key (not a JWT): low privilege, for the browser. The gateway maps it to `anon`. */
export const PUBLISHABLE_KEY = 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH'

/** The new kind of key (not a JWT): full access, servers only. The gateway maps it to `service_role`. */
export const SECRET_KEY = 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz'

/** Legacy JWT key with role `anon`, signed with JWT_SECRET; the alternative to PUBLISHABLE_KEY. */
export const ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0'

/** Legacy JWT key with role `service_role`; the alternative to SECRET_KEY. */
export const SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU'
