// The local Realtime server: what @supabase/realtime-js expects from Supabase Realtime
// (../shared/protocols/realtime.md for 2.109, docs/client-compatibility.md since). Parts:
//  - websocket: protocol.ts (frames), server.ts (sockets), inbound.ts (frames in),
//    membership.ts (join, leave, token expiry), outbound.ts (frames out), channels.ts,
//    presence.ts;
//  - postgres_changes: capture.ts (WAL), changes.ts (queue), batch.ts (match, check, deliver),
//    change-data.ts (record JSON), filters.ts, authorize.ts + authorize-sql.ts (RLS in Postgres);
//  - http.ts (REST broadcast), jwt.ts (tokens).
import type { RealtimeOptions, RealtimeService } from '../types.ts'
import { Authorizer } from './authorize.ts'
import { ChangeCapture } from './capture.ts'
import { ChangeDispatcher } from './changes.ts'
import { createHttpHandler } from './http.ts'
import { createVerifier } from './jwt.ts'
import { databaseBroadcast } from './messages.ts'
import { MessagePolicies } from './policies.ts'
import { SocketServer } from './server.ts'

export interface RealtimeTuning {
  /** Drop sockets silent for this long (Phoenix's default: 60 s). */
  idleTimeoutMs?: number
  /** Largest websocket frame accepted; bigger ones close the socket with 1009. */
  maxPayloadBytes?: number
}

export interface LocalRealtime extends RealtimeService {
  /** Resolves when every change captured so far has been delivered (for tests). */
  drained(): Promise<void>
}

export function createRealtime(opts: RealtimeOptions & RealtimeTuning): LocalRealtime {
  const verify = createVerifier(opts.jwtSecret, opts.signingKeys)
  let policies: MessagePolicies | undefined
  const sockets = new SocketServer({
    verify,
    policies: () => policies,
    log: opts.log,
    idleTimeoutMs: opts.idleTimeoutMs ?? 60_000,
    maxPayloadBytes: opts.maxPayloadBytes ?? 3 * 1024 * 1024,
  })
  let authorizer: Authorizer | undefined
  let capture: ChangeCapture | undefined
  let dispatcher: ChangeDispatcher | undefined
  let lifecycle: Promise<void> = Promise.resolve()

  const handle = createHttpHandler(
    verify,
    () => (sockets.running ? sockets : undefined),
    // The service role may send anywhere (Supabase's super user); others as RLS allows.
    async (claims, topic) =>
      claims.role === 'service_role' ||
      (await policies?.write(claims, topic, ['broadcast']))?.get('broadcast') === true,
  )

  async function start() {
    if (sockets.running) return
    const auth = new Authorizer(opts.dbUrl, opts.log)
    const checker = new MessagePolicies(opts.dbUrl, opts.log)
    try {
      await auth.setup()
      const dispatch = new ChangeDispatcher(
        auth,
        () => sockets.registry.subscribers,
        (ch, ids, data) => sockets.sendChange(ch, ids, data),
        opts.log,
      )
      const cap = new ChangeCapture(
        opts.dbUrl,
        {
          onChange: (c, t, x) => {
            // Rows of realtime.messages are broadcasts from the database (realtime.send).
            if (c.relation.schema === 'realtime') {
              const message = databaseBroadcast(c)
              if (message)
                sockets.broadcast(
                  `realtime:${message.topic}`,
                  message.isPrivate,
                  message.event,
                  message.payload,
                  { id: message.id },
                )
              return
            }
            dispatch.onChange(c, t, x)
          },
          onRelation: (r) => dispatch.onRelation(r),
          onResumed: () => sockets.errorPostgresChannels(),
        },
        opts.log,
      )
      await cap.start()
      authorizer = auth
      policies = checker
      dispatcher = dispatch
      capture = cap
      sockets.start()
    } catch (e) {
      await auth.end()
      await checker.end()
      throw e
    }
  }

  async function stop() {
    await sockets.stop()
    await capture?.stop()
    await authorizer?.end()
    await policies?.end()
    policies = undefined
    capture = undefined
    authorizer = undefined
    dispatcher = undefined
  }

  // start() and stop() may be called back to back (restartRealtime); run them one at a time.
  const serial = (fn: () => Promise<void>) => {
    const next = lifecycle.then(fn, fn)
    lifecycle = next.catch(() => undefined)
    return next
  }

  return {
    start: () => serial(start),
    stop: () => serial(stop),
    handleUpgrade: (req, socket, head, path, url) =>
      sockets.handleUpgrade(req, socket, head, path, url),
    handle,
    drained: () => dispatcher?.drained() ?? Promise.resolve(),
  }
}
