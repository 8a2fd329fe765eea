/**
 * A first-come-first-served limiter: at most `limit` starts in any rolling `windowMs`.
 * Airtable counts requests per base, so one limiter is shared by every caller of a client.
 */
export interface RateLimiter {
  /** Resolves when this caller may start a request; the start is counted. */
  acquire(): Promise<void>
  /** Holds every start until `ms` from now (Airtable blocks a base for 30 s after a 429); resolves once in force. */
  pauseFor(ms: number): void | Promise<void>
}

export interface RateLimiterOptions {
  limit: number
  windowMs: number
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}


export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limit, windowMs } = options
  const now = options.now ?? (() => Date.now())
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  if (!(limit >= 1) || !(windowMs > 0)) throw new RangeError('rate limiter needs limit >= 1 and windowMs > 0')

  const starts: number[] = []
  const waiters: (() => void)[] = []
  let pausedUntil = 0
  let draining = false

  function nextStartAt(t: number): number {
    while (starts.length > 0 && (starts[0] as number) <= t - windowMs) starts.shift()
    const byWindow = starts.length < limit ? t : (starts[0] as number) + windowMs
    return Math.max(byWindow, pausedUntil)
  }

  // One loop serves the queue in order, so a waiter is never overtaken by a later one.
  async function drain(): Promise<void> {
    if (draining) return
    draining = true
    try {
      while (waiters.length > 0) {
        const t = now()
        const at = nextStartAt(t)
        // Timers may fire a little early: re-read the clock rather than trusting the sleep.
        if (at > t) {
          await sleep(at - t)
          continue
        }
        starts.push(t)
        waiters.shift()!()
      }
    } finally {
      draining = false
    }
  }

  return {
    acquire() {
      const started = new Promise<void>((resolve) => waiters.push(resolve))
      void drain()
      return started
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms)
    },
  }
}
