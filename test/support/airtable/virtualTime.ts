/**
 * Time that moves only when someone sleeps: `sleep(ms)` advances the clock by `ms` at once.
 * Inject `now` and `sleep` into the client and `now` into the stand-in, and rate-limit waits
 * of seconds take no real time while every timestamp stays consistent.
 */
export interface VirtualTime {
  now(): number
  sleep(ms: number): Promise<void>
  /** Every sleep requested, in order. */
  readonly sleeps: number[]
}

export function createVirtualTime(start = Date.UTC(2030, 0, 1)): VirtualTime {
  let t = start
  const sleeps: number[] = []
  return {
    now: () => t,
    async sleep(ms) {
      sleeps.push(ms)
      // Work already under way finishes at the current time, as it would while a real timer runs.
      await new Promise<void>((resolve) => setImmediate(resolve))
      t += Math.max(0, ms)
    },
    sleeps,
  }
}
