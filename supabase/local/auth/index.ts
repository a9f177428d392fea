import type { AuthOptions, HttpService } from '../types.ts'

export function createAuth(_opts: AuthOptions): HttpService {
  return {
    async handle(_req, res) {
      res.writeHead(501, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ code: 'not_implemented', message: 'Auth is not built yet' }))
    },
  }
}
