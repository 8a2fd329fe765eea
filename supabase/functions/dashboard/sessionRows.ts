import { BOOKING_PAYMENT_FLAGS, type BookingPaymentFlag } from '../../../shared/domain/statuses.ts'
import { ROOM_GRACE_AFTER_END_MS } from '../../../shared/domain/sessionTimes.ts'
import type { CreditState } from '../../../shared/credits/creditRules.ts'
import type { BookingState } from '../../../shared/sessions/bookingState.ts'
import type { Queryable } from '../_shared/db/connect.ts'
import type { PastCursor } from './cursor.ts'

/** One session as a dashboard lists it, with the paid session it uses (if any). */
export interface DashboardSessionRow {
  id: string
  start: Date
  state: BookingState
  paidSessionId: string | null
  paymentFlag: string | null
  hostJoinedAt: Date | null
  memberJoinedAt: Date | null
  hostRating: number | null
  hostComment: string | null
  memberRating: number | null
  memberComment: string | null
  hostShareCents: number | null
  creditStatus: CreditState | null
  currency: string | null
  hostLikedAt: Date | null
}

/** Whose sessions: the expression indexes of migration 0016 serve exactly these two keys. */
export type SessionOwner = { column: 'memberId' | 'hostId'; id: string }

/** More than anyone books ahead; the list is not paged, so it is bounded. */
export const UPCOMING_LIMIT = 100

const columns = (sql: Queryable) => sql`
  s.id::text as id, s.start_time as start, s.state, s.paid_session_id::text as "paidSessionId", s.payment_flag as "paymentFlag",
  s.host_joined_at as "hostJoinedAt", s.member_joined_at as "memberJoinedAt", s.host_rating as "hostRating", s.host_comment as "hostComment",
  s.member_rating as "memberRating", s.member_comment as "memberComment", p.host_share_cents as "hostShareCents",
  p.credit_status as "creditStatus", u.currency, s.host_liked_at as "hostLikedAt"`

const ownedBy = (sql: Queryable, owner: SessionOwner) =>
  owner.column === 'memberId' ? sql`(s.state ->> 'memberId') = ${owner.id}` : sql`(s.state ->> 'hostId') = ${owner.id}`

/** A session is upcoming until its room closes (the join window's end); past after. */
export function pastBoundary(now: Date): Date {
  return new Date(now.getTime() - ROOM_GRACE_AFTER_END_MS)
}

/**
 * The person's upcoming sessions (soonest first) and one page of past ones after `cursor` (newest
 * first, one extra row saying whether there is more), in one statement: each is one index range.
 */
export async function sessionLists(sql: Queryable, owner: SessionOwner, now: Date, cursor: PastCursor | null, limit: number) {
  const boundary = pastBoundary(now)
  const after = cursor ? sql`and (s.start_time, s.id) < (${cursor.start}, ${cursor.id}::uuid)` : sql``
  const rows = await sql<(DashboardSessionRow & { list: 'upcoming' | 'past' })[]>`
    (select 'upcoming' as list, ${columns(sql)} from sessions s
      left join paid_sessions p on p.id = s.paid_session_id left join purchases u on u.id = p.purchase_id
      where ${ownedBy(sql, owner)} and s.end_time > ${boundary}
      order by s.start_time, s.id limit ${UPCOMING_LIMIT})
    union all
    (select 'past' as list, ${columns(sql)} from sessions s
      left join paid_sessions p on p.id = s.paid_session_id left join purchases u on u.id = p.purchase_id
      where ${ownedBy(sql, owner)} and s.end_time <= ${boundary} ${after}
      order by s.start_time desc, s.id desc limit ${limit + 1})`
  // A union promises no order of its own, so each list is put in its keyset order here.
  const upcoming = rows.filter((row) => row.list === 'upcoming').sort(byStartThenId)
  const past = rows.filter((row) => row.list === 'past').sort((a, b) => byStartThenId(b, a))
  return { upcoming, past }
}

/** (start, id) ascending, as Postgres orders them (a uuid compares as its lower-case hex). */
function byStartThenId(a: DashboardSessionRow, b: DashboardSessionRow): number {
  return a.start.getTime() - b.start.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

export function paymentFlagOf(row: DashboardSessionRow): BookingPaymentFlag | null {
  return (BOOKING_PAYMENT_FLAGS as readonly string[]).includes(row.paymentFlag ?? '') ? (row.paymentFlag as BookingPaymentFlag) : null
}

export function ratingOf(stars: number | null, comment: string | null) {
  return stars === null ? null : { stars, comment }
}

export function sessionFieldsOf(row: DashboardSessionRow) {
  const { state } = row
  return {
    bookingId: state.bookingId,
    status: state.status,
    start: new Date(state.start).toISOString(),
    end: new Date(state.end).toISOString(),
    title: state.title,
    cancellationReason: state.cancellationReason,
    cancelledBy: state.cancelledBy,
    paymentFlag: paymentFlagOf(row),
  }
}
