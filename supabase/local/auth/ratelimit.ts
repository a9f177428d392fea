// A sliding-window counter per key, in memory. Good enough for one local process.
export class Limiter {
  private hits = new Map<string, number[]>()

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs)
    if (list.length) this.hits.set(key, list)
    else this.hits.delete(key)
    return list
  }

  /** True when the key has already used up its allowance in the window. */
  blocked(key: string): boolean {
    return this.recent(key, Date.now()).length >= this.max
  }

  /** Counts one event; returns false when it goes over the limit. */
  hit(key: string): boolean {
    const now = Date.now()
    const list = this.recent(key, now)
    if (list.length >= this.max) return false
    list.push(now)
    this.hits.set(key, list)
    if (this.hits.size > 10_000) this.sweep(now)
    return true
  }

  /** Takes back the latest hit: for a slot reserved before an await that turned out fine. */
  release(key: string) {
    const list = this.hits.get(key)
    if (!list) return
    list.pop()
    if (list.length === 0) this.hits.delete(key)
  }

  reset(key: string) {
    this.hits.delete(key)
  }

  private sweep(now: number) {
    for (const key of [...this.hits.keys()]) this.recent(key, now)
  }
}
