import * as z from 'zod/mini'
import { CREDIT_STATES } from '../credits/creditRules.ts'
import { JOIN_WINDOW_STATES } from '../domain/sessionTimes.ts'
import { BOOKING_PAYMENT_FLAGS, BOOKING_STATUSES, PAYOUT_STATUSES } from '../domain/statuses.ts'
import { PLAN_IDS } from '../plans/catalog.ts'
import { ROLES } from '../sessions/sessionView.ts'
import { starsSchema } from './session.ts'

/** Times are ISO 8601 UTC; the browser shows them in the viewer's own time zone. */
const utcTime = z.iso.datetime()
const optionalText = z.nullable(z.string())

/** `GET /dashboard?role=…`: whose dashboard the signed-in person asks for (never whose id). */
export const DASHBOARD_ROLES = ROLES
/** Past sessions per page: what a request gets without `limit`, and the most it may ask for. */
export const DASHBOARD_PAGE_SIZE = { default: 20, max: 50 } as const

export const dashboardQuerySchema = z.object({
  role: z.enum(DASHBOARD_ROLES),
  /** Opaque; the `nextCursor` of the page before. */
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(DASHBOARD_PAGE_SIZE.max))),
})
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>

const personSchema = z.object({ id: z.nullable(z.string()), name: optionalText })
const ratingSchema = z.nullable(z.object({ stars: starsSchema, comment: optionalText }))

/** The same window the session page and the room use (shared/domain/sessionTimes.ts). */
const joinWindowSchema = z.object({ opensAt: utcTime, closesAt: utcTime, state: z.enum(JOIN_WINDOW_STATES) })

/** Why a session is not an ordinary booked one: cancelled (with Cal.com's reason) or flagged (no credit used). */
const sessionNoticeFields = {
  cancellationReason: optionalText,
  cancelledBy: z.nullable(z.enum(['host', 'member'])),
  /** Set when the booking uses no paid session: the record's Payment Status says why. */
  paymentFlag: z.nullable(z.enum(BOOKING_PAYMENT_FLAGS)),
}

const sessionFields = {
  /** The booking's current Cal.com uid. */
  bookingId: z.string(),
  status: z.enum(BOOKING_STATUSES),
  start: utcTime,
  end: utcTime,
  title: optionalText,
  ...sessionNoticeFields,
}

/** This viewer's signed link to the session page (the same link the messages carry). */
const upcomingFields = {
  ...sessionFields,
  joinWindow: joinWindowSchema,
  sessionLink: z.string(),
}

/** Cal.com's own pages for this booking (the local stand-in's under `/local-cal` in development). */
export const calcomActionsSchema = z.object({ rescheduleUrl: z.string(), cancelUrl: z.string() })
export type CalcomActions = z.infer<typeof calcomActionsSchema>

export const memberUpcomingSessionSchema = z.object({
  ...upcomingFields,
  host: personSchema,
  /** For a booking on a paid session: until when cancelling gives the credit back. Null otherwise. */
  freeCancellationUntil: z.nullable(utcTime),
  /** Null once the booking is cancelled (nothing left to change). */
  calcom: z.nullable(calcomActionsSchema),
})
export type MemberUpcomingSession = z.infer<typeof memberUpcomingSessionSchema>

export const memberPastSessionSchema = z.object({
  ...sessionFields,
  host: personSchema,
  /** The member's own rating, once given. */
  rating: ratingSchema,
})
export type MemberPastSession = z.infer<typeof memberPastSessionSchema>

/** One bookable paid session: book it at `/book?purchase=<purchaseId>`. */
export const bookableCreditSchema = z.object({ paidSessionId: z.string(), purchaseId: z.string() })

/** The member's unused paid sessions with one host on one plan. */
export const creditGroupSchema = z.object({
  host: z.object({ id: z.string(), name: optionalText }),
  plan: z.enum(PLAN_IDS),
  /** How many are left to book (the length of `bookable`). */
  left: z.number(),
  bookable: z.array(bookableCreditSchema),
})
export type CreditGroup = z.infer<typeof creditGroupSchema>

export function pageSchema<T extends z.ZodMiniType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Pass as `cursor` for the next page; null on the last one. */
    nextCursor: z.nullable(z.string()),
  })
}

/** A host marked that they enjoyed meeting the member, after this session; shown until the member dismisses it. */
export const hostLikeSchema = z.object({
  bookingId: z.string(),
  host: z.object({ id: z.string(), name: optionalText }),
  likedAt: utcTime,
})
export type HostLike = z.infer<typeof hostLikeSchema>

export const memberDashboardSchema = z.object({
  role: z.literal('member'),
  /** The server's clock when it answered, so countdowns are right even if the browser's clock is off. */
  serverTime: utcTime,
  member: z.object({ id: z.string(), name: optionalText }),
  /** Sessions not over yet (until the room closes), soonest first. */
  upcoming: z.array(memberUpcomingSessionSchema),
  credits: z.array(creditGroupSchema),
  /** Likes not dismissed yet, newest first. */
  hostLikes: z.array(hostLikeSchema),
  /** Newest first. */
  past: pageSchema(memberPastSessionSchema),
})
export type MemberDashboard = z.infer<typeof memberDashboardSchema>

export const hostUpcomingSessionSchema = z.object({
  ...upcomingFields,
  member: personSchema,
  /** As on past sessions: a session in progress (its room still open) can be liked already. */
  likedMember: z.boolean(),
})
export type HostUpcomingSession = z.infer<typeof hostUpcomingSessionSchema>

export const hostPastSessionSchema = z.object({
  ...sessionFields,
  member: personSchema,
  /** When each side first joined the room; null if they never did. */
  attendance: z.object({ hostJoinedAt: z.nullable(utcTime), memberJoinedAt: z.nullable(utcTime) }),
  ratings: z.object({ byHost: ratingSchema, byMember: ratingSchema }),
  /**
   * The host's payout line for this session, in integer cents: the plan's host share, made when a
   * completed session on a credit was attended by the host (none for a host no-show). Else null.
   */
  hostShareCents: z.nullable(z.number()),
  currency: optionalText,
  payoutStatus: z.nullable(z.enum(PAYOUT_STATUSES)),
  payoutPaidAt: z.nullable(utcTime),
  creditStatus: z.nullable(z.enum(CREDIT_STATES)),
  /** The host marked that they enjoyed meeting this member (POST action `like`). */
  likedMember: z.boolean(),
})
export type HostPastSession = z.infer<typeof hostPastSessionSchema>

/** The host's payout lines summed per currency: all of them, and how much of that is still due or paid. */
export const hostEarningsSchema = z.object({
  currency: z.string(),
  completedSessions: z.number(),
  hostShareCents: z.number(),
  dueCents: z.number(),
  paidCents: z.number(),
})
export type HostEarnings = z.infer<typeof hostEarningsSchema>

export const hostDashboardSchema = z.object({
  role: z.literal('host'),
  serverTime: utcTime,
  /** `calLink`: the host's own Cal.com link, for the calendar embed. */
  host: z.object({ id: z.string(), name: optionalText, calLink: optionalText }),
  upcoming: z.array(hostUpcomingSessionSchema),
  past: pageSchema(hostPastSessionSchema),
  earnings: z.array(hostEarningsSchema),
})
export type HostDashboard = z.infer<typeof hostDashboardSchema>

export const dashboardSchema = z.discriminatedUnion('role', [memberDashboardSchema, hostDashboardSchema])
export type Dashboard = z.infer<typeof dashboardSchema>

/** A Cal.com uid: any string up to 255 characters. */
const bookingIdField = z.string().check(z.minLength(1), z.maxLength(255))

/**
 * `POST /dashboard` (JSON): `like` is the host's, on one of their sessions that has taken place
 * (`liked: false` takes it back); `dismissLike` is the member's, on a like shown to them. Both are
 * idempotent: sending one twice changes nothing more.
 */
export const dashboardActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('like'), bookingId: bookingIdField, liked: z.boolean() }),
  z.object({ action: z.literal('dismissLike'), bookingId: bookingIdField }),
])
export type DashboardAction = z.infer<typeof dashboardActionSchema>

/** What a POST answers: the session's like as it now stands. */
export const dashboardActionResultSchema = z.object({ bookingId: z.string(), likedMember: z.boolean(), likeDismissed: z.boolean() })
export type DashboardActionResult = z.infer<typeof dashboardActionResultSchema>
