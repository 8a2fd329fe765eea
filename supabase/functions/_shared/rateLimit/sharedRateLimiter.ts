import type { Sql } from '../db/connect.ts'
import type { RateLimiter } from '../store/airtable/rateLimiter.ts'

export interface SharedRateLimiterOptions {
  sql: Sql
  /** One key per limited resource, e.g. `airtable:<baseId>`. */
  key: string
  requestsPerSecond: number
  /**
   * Added to every gap. The provider counts arrivals, and requests delayed unevenly on the way
   * must not look like a burst: with 15 ms per request, six arrivals span at least 1,075 ms.
   */
  slackMs?: number
  sleep?: (ms: number) => Promise<void>
}

/** Waits longer than this are checked against pauses that began meanwhile, this long before the slot. */
const VOID_CHECK_FROM_MS = 1_000
const VOID_CHECK_LEAD_MS = 250

/**
 * A rate limit shared by every process through Postgres: each request takes the next free slot
 * with one atomic statement (the row lock orders the takers), then waits for its slot. Slots are
 * evenly spaced, so any number of workers and function instances together stay within the rate.
 * The database's clock is the only clock involved, so skew between machines does not matter.
 */
export interface SharedRateLimiter extends RateLimiter {
  /** The time between two slots: the rate, plus the slack. */
  readonly spacingMs: number
}

export function createSharedRateLimiter(options: SharedRateLimiterOptions): SharedRateLimiter {
  const { sql, key } = options
  const spacingMs = 1_000 / options.requestsPerSecond + (options.slackMs ?? 15)
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  const seconds = (ms: number) => ms / 1000

  return {
    spacingMs,
    async acquire() {
      for (;;) {
        const [slot] = await sql<{ waitMs: number; at: string }[]>`
          insert into rate_limits as r (key, next_free_at) values (${key}, clock_timestamp() + make_interval(secs => ${seconds(spacingMs)}))
          on conflict (key) do update
            set next_free_at = greatest(r.next_free_at, r.paused_until, clock_timestamp()) + make_interval(secs => ${seconds(spacingMs)})
          returning greatest(0, extract(epoch from (r.next_free_at - clock_timestamp())) * 1000 - ${spacingMs})::float8 as "waitMs",
            (r.next_free_at - make_interval(secs => ${seconds(spacingMs)}))::text as at`
        const waitMs = slot?.waitMs ?? 0
        if (waitMs <= 0 || !slot) return
        // A 429 while we waited blocks the whole base, and a slot from before that pause is void.
        // Only a long wait is checked (a short one cannot outlast a pause by much), and well
        // before the slot, so the look never makes the request late: late requests bunch up with
        // the next ones and draw the very 429 this avoids.
        if (waitMs <= VOID_CHECK_FROM_MS) {
          await sleep(waitMs)
          return
        }
        await sleep(waitMs - VOID_CHECK_LEAD_MS)
        const looking = performance.now()
        // The slot travels as text so the comparison keeps Postgres's microseconds.
        const [state] = await sql<{ voided: boolean }[]>`
          select coalesce(paused_until > ${slot.at}::timestamptz + make_interval(secs => ${seconds(spacingMs)}), false) as voided
          from rate_limits where key = ${key}`
        if (state?.voided) continue
        const rest = VOID_CHECK_LEAD_MS - (performance.now() - looking)
        if (rest > 0) await sleep(rest)
        return
      }
    },
    async pauseFor(ms) {
      await sql`
        insert into rate_limits as r (key, next_free_at, paused_until)
        values (${key}, clock_timestamp() + make_interval(secs => ${seconds(ms)}), clock_timestamp() + make_interval(secs => ${seconds(ms)}))
        on conflict (key) do update set
          paused_until = greatest(r.paused_until, clock_timestamp() + make_interval(secs => ${seconds(ms)})),
          next_free_at = greatest(r.next_free_at, clock_timestamp() + make_interval(secs => ${seconds(ms)}))`
    },
  }
}
