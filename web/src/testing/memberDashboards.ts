import {
  creditGroupSchema,
  hostLikeSchema,
  memberDashboardSchema,
  memberPastSessionSchema,
  memberUpcomingSessionSchema,
  type CreditGroup,
  type HostLike,
  type MemberDashboard,
  type MemberPastSession,
  type MemberUpcomingSession,
} from '../../../shared/api/dashboard.ts'
import { upcomingTimes } from './upcomingTimes.ts'

/**
 * Test-only: member dashboards as the `dashboard` function answers them. Each is parsed by the
 * API's own schema, so a fixture that drifts from the contract fails where it is made.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const iso = (ms: number) => new Date(ms).toISOString()

export const JANE = { id: 'host-jane', name: 'Jane Rivers' } as const
export const OMAR = { id: 'host-omar', name: 'Omar Haddad' } as const

export const sessionLinkFor = (bookingId: string) =>
  `${window.location.origin}/video-session?${new URLSearchParams({ bookingId, userType: 'member', token: `v1.${bookingId}` })}`

/** A booked session on a credit whose join window opens `opensInMs` after `now` (negative: already open). */
export function upcomingSession(overrides: Partial<MemberUpcomingSession> = {}, now = Date.now(), opensInMs = 2 * 24 * HOUR): MemberUpcomingSession {
  const times = upcomingTimes(now, opensInMs)
  const bookingId = overrides.bookingId ?? 'uid-upcoming-1'
  return memberUpcomingSessionSchema.parse({
    bookingId,
    status: 'Created',
    ...times,
    title: null,
    cancellationReason: null,
    cancelledBy: null,
    paymentFlag: null,
    sessionLink: sessionLinkFor(bookingId),
    host: JANE,
    freeCancellationUntil: iso(Date.parse(times.start) - 24 * HOUR),
    calcom: {
      rescheduleUrl: `https://app.cal.com/reschedule/${encodeURIComponent(bookingId)}`,
      cancelUrl: `https://app.cal.com/booking/${encodeURIComponent(bookingId)}?cancel=true`,
    },
    ...overrides,
  })
}

/** A session that took place `daysAgo` days before `now`. */
export function pastSession(overrides: Partial<MemberPastSession> = {}, now = Date.now(), daysAgo = 3): MemberPastSession {
  const start = now - daysAgo * 24 * HOUR
  return memberPastSessionSchema.parse({
    bookingId: `uid-past-${daysAgo}`,
    status: 'Completed',
    start: iso(start),
    end: iso(start + 30 * MINUTE),
    title: null,
    cancellationReason: null,
    cancelledBy: null,
    paymentFlag: null,
    host: JANE,
    rating: null,
    ...overrides,
  })
}

/** `left` unused paid sessions with one host on one plan, all from purchase `purchaseId`. */
export function creditGroup(overrides: Partial<Omit<CreditGroup, 'bookable' | 'left'>> = {}, left = 2, purchaseId = 'pur-1'): CreditGroup {
  const bookable = Array.from({ length: left }, (_, index) => ({ paidSessionId: `ps-${purchaseId}-${index + 1}`, purchaseId }))
  return creditGroupSchema.parse({ host: JANE, plan: 'weekly', left, bookable, ...overrides })
}

export function hostLike(overrides: Partial<HostLike> = {}, now = Date.now()): HostLike {
  return hostLikeSchema.parse({ bookingId: 'uid-past-3', host: JANE, likedAt: iso(now - HOUR), ...overrides })
}

/** A member with nothing yet: no sessions, no credits, no likes. */
export function memberDashboard(overrides: Partial<MemberDashboard> = {}, now = Date.now()): MemberDashboard {
  return memberDashboardSchema.parse({
    role: 'member',
    serverTime: iso(now),
    member: { id: 'mem-1', name: 'Max Member' },
    upcoming: [],
    credits: [],
    hostLikes: [],
    past: { items: [], nextCursor: null },
    ...overrides,
  })
}
