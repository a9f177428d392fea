import type { RealtimeOptions, RealtimeService } from '../types.ts'

export function createRealtime(_opts: RealtimeOptions): RealtimeService {
  return {
    async start() {},
    async stop() {},
    handleUpgrade(_req, socket) {
      socket.destroy()
    },
    async handle(_req, res) {
      res.writeHead(501)
      res.end()
    },
  }
}
