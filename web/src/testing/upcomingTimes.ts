import { ROOM_GRACE_AFTER_END_MS, ROOM_OPENS_BEFORE_START_MS } from '../../../shared/domain/sessionTimes.ts'

const MINUTE = 60_000
const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Test-only: a 30-minute session's times whose join window opens `opensInMs` after `now`
 * (negative: already open), and the window's state at `now`, as the dashboard function gives them.
 */
export function upcomingTimes(now: number, opensInMs: number) {
  const opensAt = now + opensInMs
  const start = opensAt + ROOM_OPENS_BEFORE_START_MS
  const end = start + 30 * MINUTE
  const closesAt = end + ROOM_GRACE_AFTER_END_MS
  const state = now < opensAt ? 'before' : now >= closesAt ? 'closed' : 'open'
  return { start: iso(start), end: iso(end), joinWindow: { opensAt: iso(opensAt), closesAt: iso(closesAt), state: state as 'before' | 'open' | 'closed' } }
}
