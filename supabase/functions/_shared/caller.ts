// Who may run a job function: only a caller holding the project's secret key (the legacy
// service_role JWT or a new sb_secret_ key), as Supabase Cron sends it. With verify_jwt = false
// (config.toml) the function decides itself, so local and hosted behave alike with either kind
// of key.

/** The project's secret keys from the environment hosted Supabase gives a function. */
export function secretKeys(): string[] {
  const keys: string[] = []
  const legacy = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY')
  if (legacy) keys.push(legacy)
  const map = Deno.env.get('SUPABASE_SECRET_KEYS')
  if (map) {
    try {
      for (const value of Object.values(JSON.parse(map) as Record<string, unknown>)) {
        if (typeof value === 'string' && value) keys.push(value)
      }
    } catch {
      // Not JSON: no keys from it.
    }
  }
  return keys
}

/** Constant-time comparison, so the time taken tells nothing about the key. */
function same(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a)
  const y = new TextEncoder().encode(b)
  let diff = x.length ^ y.length
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}

/** True when the request carries a secret key as its bearer token or its apikey. */
export function isServiceCaller(req: Request): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.get('authorization') ?? '')?.[1]
  const apikey = req.headers.get('apikey') ?? undefined
  const keys = secretKeys()
  return [bearer, apikey].some((given) => !!given && keys.some((key) => same(given, key)))
}

export const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, x-client-info, apikey, content-type',
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...CORS_HEADERS, 'content-type': 'application/json' },
  })
}

/** The answer to anyone else: 401, and nothing is done. */
export function refuse(): Response {
  return json(401, {
    code: 'not_allowed',
    message: 'Only the project’s scheduler may run this job.',
  })
}
