import { describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../supabase/functions/_shared/store/airtable/rateLimiter.ts'
import { createVirtualTime } from '../support/airtable/index.ts'

const T0 = Date.UTC(2030, 0, 1)

/** How many starts fell in each whole window from `from`: [0, windowMs), [windowMs, 2 windowMs), … */
function startsPerWindow(starts: number[], from: number, windowMs: number): number[] {
  const counts: number[] = []
  for (const at of starts) {
    const index = Math.floor((at - from) / windowMs)
    while (counts.length <= index) counts.push(0)
    counts[index] = (counts[index] as number) + 1
  }
  return counts
}

/** The most starts in any `windowMs` that begins at a start: the rolling count the server sees. */
function mostInAnyWindow(starts: number[], windowMs: number): number {
  return Math.max(...starts.map((from) => starts.filter((at) => at >= from && at < from + windowMs).length))
}

describe('in-memory rate limiter (virtual time)', () => {
  it('lets `limit` callers start per window and serves them in the order they asked', async () => {
    const time = createVirtualTime(T0)
    const limiter = createRateLimiter({ limit: 5, windowMs: 1_000, now: time.now, sleep: time.sleep })
    const starts: Array<{ caller: number; at: number }> = []
    await Promise.all(Array.from({ length: 23 }, (_, caller) => limiter.acquire().then(() => starts.push({ caller, at: time.now() }))))
    expect(starts.map((s) => s.caller)).toEqual(Array.from({ length: 23 }, (_, i) => i))
    expect(startsPerWindow(starts.map((s) => s.at), T0, 1_000)).toEqual([5, 5, 5, 5, 3])
    expect(mostInAnyWindow(starts.map((s) => s.at), 1_000)).toBe(5)
  })

  it('callers arriving later, while others wait, still never push a window past the limit', async () => {
    const time = createVirtualTime(T0)
    const limiter = createRateLimiter({ limit: 3, windowMs: 1_000, now: time.now, sleep: time.sleep })
    const starts: number[] = []
    const take = () => limiter.acquire().then(() => starts.push(time.now()))
    const first = Array.from({ length: 4 }, take)
    await first[0]
    const later = Array.from({ length: 6 }, take)
    await Promise.all([...first, ...later])
    expect(starts).toHaveLength(10)
    expect(mostInAnyWindow(starts, 1_000)).toBe(3)
  })

  it('holds every start during a pause, then lets the window’s worth through at its end', async () => {
    const time = createVirtualTime(T0)
    const limiter = createRateLimiter({ limit: 5, windowMs: 1_000, now: time.now, sleep: time.sleep })
    limiter.pauseFor(30_000)
    const starts: number[] = []
    await Promise.all(Array.from({ length: 7 }, () => limiter.acquire().then(() => starts.push(time.now()))))
    expect(Math.min(...starts)).toBe(T0 + 30_000)
    expect(startsPerWindow(starts, T0 + 30_000, 1_000)).toEqual([5, 2])
  })

  it('a pause called while callers queue holds those not yet started', async () => {
    const time = createVirtualTime(T0)
    const limiter = createRateLimiter({ limit: 2, windowMs: 1_000, now: time.now, sleep: time.sleep })
    const order: string[] = []
    const first = [limiter.acquire(), limiter.acquire()]
    const queued = [limiter.acquire(), limiter.acquire()].map((p, i) => p.then(() => order.push(`queued ${i} at ${time.now() - T0}`)))
    await Promise.all(first)
    // The provider answered one of the first two with a 429.
    limiter.pauseFor(30_000)
    await Promise.all(queued)
    expect(order).toEqual(['queued 0 at 30000', 'queued 1 at 30000'])
  })

  it('a shorter pause does not cut a longer one short', async () => {
    const time = createVirtualTime(T0)
    const limiter = createRateLimiter({ limit: 5, windowMs: 1_000, now: time.now, sleep: time.sleep })
    limiter.pauseFor(30_000)
    limiter.pauseFor(1_000)
    await limiter.acquire()
    expect(time.now()).toBe(T0 + 30_000)
  })

  it('a timer that fires early does not let a start in before its window opens', async () => {
    // Real timers may fire a little before the time asked for: this sleep comes back 1 ms short of any longer wait.
    let t = T0
    const early = async (ms: number) => {
      await new Promise<void>((resolve) => setImmediate(resolve))
      t += ms > 1 ? ms - 1 : ms
    }
    const limiter = createRateLimiter({ limit: 2, windowMs: 1_000, now: () => t, sleep: early })
    const starts: number[] = []
    await Promise.all(Array.from({ length: 6 }, () => limiter.acquire().then(() => starts.push(t))))
    expect(startsPerWindow(starts, T0, 1_000)).toEqual([2, 2, 2])
    expect(mostInAnyWindow(starts, 1_000)).toBe(2)
  })

  it('refuses a limit below one or an empty window', () => {
    expect(() => createRateLimiter({ limit: 0, windowMs: 1_000 })).toThrow(RangeError)
    expect(() => createRateLimiter({ limit: 5, windowMs: 0 })).toThrow(RangeError)
  })
})
