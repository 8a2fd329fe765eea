import { describe, expect, it } from 'vitest'
import { createRateLimiter } from '../../supabase/functions/_shared/store/airtable/rateLimiter.ts'
import { createVirtualTime } from '../support/airtable/index.ts'

function maxStartsInWindow(starts: number[], windowMs: number): number {
  let max = 0
  for (let i = 0; i < starts.length; i++) {
    const inWindow = starts.filter((t) => t >= (starts[i] as number) && t < (starts[i] as number) + windowMs).length
    max = Math.max(max, inWindow)
  }
  return max
}

describe('rate limiter', () => {
  it('never lets more than `limit` starts into any rolling window, and serves callers in order', async () => {
    const time = createVirtualTime()
    const limiter = createRateLimiter({ limit: 5, windowMs: 1_000, now: time.now, sleep: time.sleep })
    const starts: Array<{ caller: number; at: number }> = []
    await Promise.all(
      Array.from({ length: 23 }, (_, caller) => limiter.acquire().then(() => starts.push({ caller, at: time.now() }))),
    )
    expect(maxStartsInWindow(starts.map((s) => s.at), 1_000)).toBe(5)
    expect(starts.map((s) => s.caller)).toEqual(Array.from({ length: 23 }, (_, i) => i))
  })

  it('holds every start during a pause', async () => {
    const time = createVirtualTime()
    const limiter = createRateLimiter({ limit: 5, windowMs: 1_000, now: time.now, sleep: time.sleep })
    const t0 = time.now()
    limiter.pauseFor(30_000)
    await limiter.acquire()
    expect(time.now() - t0).toBeGreaterThanOrEqual(30_000)
  })

  it('whenAvailable waits for capacity without using it', async () => {
    const time = createVirtualTime()
    const limiter = createRateLimiter({ limit: 2, windowMs: 1_000, now: time.now, sleep: time.sleep })
    const t0 = time.now()
    await limiter.whenAvailable()
    await limiter.whenAvailable()
    await limiter.acquire()
    await limiter.acquire()
    expect(time.now()).toBe(t0)
    await limiter.whenAvailable()
    expect(time.now() - t0).toBeGreaterThanOrEqual(1_000)
  })
})
