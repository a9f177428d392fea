// Realtime after the first paint. supabase-js builds its RealtimeClient when the client is
// created, which would put realtime-js and Phoenix (about 17 KB of gzipped JS) on every first
// visit, while no page needs live updates before it has shown something. In the production build
// vite.config.ts points supabase-js's import of '@supabase/realtime-js' here: this stand-in keeps
// what supabase-js tells it (the options, the latest token) and builds the real client when
// `load()` is first called. src/api/realtime.ts calls it before it opens a channel.
import type {
  RealtimeChannel,
  RealtimeChannelOptions,
  RealtimeClient as RealClient,
  RealtimeClientOptions,
} from '@supabase/realtime-js'

export class RealtimeClient {
  private real: RealClient | null = null
  private loading: Promise<RealClient> | null = null
  private auth: [token?: string | null] | null = null

  constructor(
    private readonly endPoint: string,
    private readonly options?: RealtimeClientOptions,
  ) {}

  load(): Promise<RealClient> {
    this.loading ??= import('@supabase/realtime-js/dist/module/index.js').then(
      ({ RealtimeClient: Real }) => {
        const real = new Real(this.endPoint, this.options)
        if (this.auth) void real.setAuth(...this.auth)
        this.real = real
        return real
      },
    )
    return this.loading
  }

  private loaded(): RealClient {
    if (!this.real) throw new Error('Realtime is not loaded yet: await supabase.realtime.load()')
    return this.real
  }

  setAuth(token?: string | null): Promise<void> {
    this.auth = token === undefined ? [] : [token]
    return this.real ? this.real.setAuth(token) : Promise.resolve()
  }

  channel(topic: string, params?: RealtimeChannelOptions): RealtimeChannel {
    return this.loaded().channel(topic, params)
  }

  getChannels(): RealtimeChannel[] {
    return this.real ? this.real.getChannels() : []
  }

  removeChannel(channel: RealtimeChannel) {
    return this.loaded().removeChannel(channel)
  }

  removeAllChannels() {
    return this.real ? this.real.removeAllChannels() : Promise.resolve([])
  }
}
