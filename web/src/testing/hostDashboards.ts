import { hostDashboardSchema, type HostDashboard, type HostPastSession, type HostUpcomingSession } from '../../../shared/api/dashboard.ts'
import { upcomingTimes } from './upcomingTimes.ts'

/** Test-only: host dashboards as the `dashboard` function answers them, each checked by the API's schema. */

const MINUTE = 60_000
const iso = (ms: number) => new Date(ms).toISOString()

/** An upcoming session whose join window opens `opensInMs` after `now` (negative: already open). */
export function hostUpcoming(overrides: Partial<HostUpcomingSession> = {}, now = Date.now(), opensInMs = 10 * MINUTE): HostUpcomingSession {
  const bookingId = overrides.bookingId ?? 'uid-up-1'
  return {
    bookingId,
    status: 'Created',
    ...upcomingTimes(now, opensInMs),
    title: null,
    cancellationReason: null,
    cancelledBy: null,
    paymentFlag: null,
    sessionLink: `${window.location.origin}/video-session?bookingId=${encodeURIComponent(bookingId)}&userType=host&token=v1.host-token`,
    member: { id: 'mem-1', name: 'Sam Lee' },
    likedMember: false,
    ...overrides,
  }
}

/** A completed paid session with Sam that both joined, neither rated, not liked yet. */
export function hostPast(overrides: Partial<HostPastSession> = {}): HostPastSession {
  return {
    bookingId: 'uid-past-1',
    status: 'Completed',
    start: '2026-02-20T23:00:00.000Z',
    end: '2026-02-20T23:30:00.000Z',
    title: null,
    cancellationReason: null,
    cancelledBy: null,
    paymentFlag: null,
    member: { id: 'mem-1', name: 'Sam Lee' },
    attendance: { hostJoinedAt: '2026-02-20T23:02:00.000Z', memberJoinedAt: '2026-02-20T23:04:00.000Z' },
    ratings: { byHost: null, byMember: null },
    hostShareCents: 1000,
    currency: 'AUD',
    payoutStatus: 'due',
    payoutPaidAt: null,
    creditStatus: 'used',
    likedMember: false,
    ...overrides,
  }
}

/** Jane's dashboard at `now`: nothing booked, nothing past, nothing earned, unless overridden. */
export function hostDashboard(overrides: Partial<HostDashboard> = {}, now = Date.now()): HostDashboard {
  return hostDashboardSchema.parse({
    role: 'host',
    serverTime: iso(now),
    host: { id: 'host-1', name: 'Jane Rivers', calLink: 'jane-rivers/session' },
    upcoming: [],
    past: { items: [], nextCursor: null },
    earnings: [],
    ...overrides,
  })
}
