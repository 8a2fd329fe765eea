import { BOOKING_PAYMENT_FLAGS, type BookingPaymentFlag, type PayoutStatus } from '../../../shared/domain/statuses.ts'
import { ROOM_GRACE_AFTER_END_MS } from '../../../shared/domain/sessionTimes.ts'
import type { CreditState } from '../../../shared/credits/creditRules.ts'
import type { BookingState } from '../../../shared/sessions/bookingState.ts'
import type postgres from 'postgres'
import type { Queryable } from '../_shared/db/connect.ts'
import type { PastCursor } from './cursor.ts'

/** One session as a dashboard lists it. */
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
  hostLikedAt: Date | null
}

/** A host's session, with its paid session's credit and the payout line the settlement made, if any. */
export interface HostSessionRow extends DashboardSessionRow {
  creditStatus: CreditState | null
  payoutCents: number | null
  payoutCurrency: string | null
  payoutStatus: PayoutStatus | null
  /** As JSON carries it: ISO 8601 with an offset. */
  payoutPaidAt: string | null
}

/** Whose sessions: the expression indexes of migrations 0016 and 0017 serve exactly these two keys. */
export type SessionOwner = { column: 'memberId' | 'hostId'; id: string }

/** More than anyone books ahead; the list is not paged, so it is bounded. */
export const UPCOMING_LIMIT = 100

const sessionColumns = (sql: Queryable) => sql`
  s.id::text as id, s.start_time as start, s.state, s.paid_session_id::text as "paidSessionId", s.payment_flag as "paymentFlag",
  s.host_joined_at as "hostJoinedAt", s.member_joined_at as "memberJoinedAt", s.host_rating as "hostRating", s.host_comment as "hostComment",
  s.member_rating as "memberRating", s.member_comment as "memberComment", s.host_liked_at as "hostLikedAt"`

/** The host's view adds the credit and the payout line (the member's never reads them, so never joins). */
const hostColumns = (sql: Queryable) => sql`
  ${sessionColumns(sql)}, p.credit_status as "creditStatus", l.amount_cents as "payoutCents", l.currency as "payoutCurrency",
  l.status as "payoutStatus", l.paid_at as "payoutPaidAt"`

const ownedBy = (sql: Queryable, owner: SessionOwner) =>
  owner.column === 'memberId' ? sql`(s.state ->> 'memberId') = ${owner.id}` : sql`(s.state ->> 'hostId') = ${owner.id}`

/** A session is upcoming until its room closes (the join window's end); past after. */
export function pastBoundary(now: Date): Date {
  return new Date(now.getTime() - ROOM_GRACE_AFTER_END_MS)
}

/** A subquery's rows as one JSON array, in the subquery's own order. */
export const jsonRows = (sql: Queryable, rows: postgres.PendingQuery<postgres.Row[]>) => sql`(select coalesce(json_agg(r), '[]') from (${rows}) r)`

/**
 * The person's upcoming sessions (soonest first) and one page of past ones after `cursor` (newest
 * first, one extra row saying whether there is more), as two JSON columns of the one statement a
 * dashboard reads with: each is one index range.
 */
export function sessionListColumns(sql: Queryable, owner: SessionOwner, list: { now: Date; cursor: PastCursor | null; limit: number }) {
  const boundary = pastBoundary(list.now)
  const after = list.cursor ? sql`and (s.start_time, s.id) < (${list.cursor.start}, ${list.cursor.id}::uuid)` : sql``
  const from =
    owner.column === 'hostId'
      ? sql`select ${hostColumns(sql)} from sessions s left join paid_sessions p on p.id = s.paid_session_id left join payout_lines l on l.session_id = s.id`
      : sql`select ${sessionColumns(sql)} from sessions s`
  return sql`
    ${jsonRows(sql, sql`${from} where ${ownedBy(sql, owner)} and s.end_time > ${boundary} order by s.start_time, s.id limit ${UPCOMING_LIMIT}`)} as upcoming,
    ${jsonRows(sql, sql`${from} where ${ownedBy(sql, owner)} and s.end_time <= ${boundary} ${after} order by s.start_time desc, s.id desc limit ${list.limit + 1}`)} as past`
}

/** A time as JSON carries it (ISO 8601 with an offset), back to a Date. */
const dateOf = (value: string | null): Date | null => (value === null ? null : new Date(value))

/** A row as JSON carries it: its times as strings. */
export type Json<T> = { [K in keyof T]: [T[K]] extends [Date] ? string : [T[K]] extends [Date | null] ? string | null : T[K] }

/** A session row as `sessionListColumns` returns it, with its times as Dates again. */
function sessionRowOf<T extends DashboardSessionRow>(row: Json<T>): T {
  const times = row as unknown as Json<DashboardSessionRow>
  return {
    ...row,
    start: new Date(times.start),
    hostJoinedAt: dateOf(times.hostJoinedAt),
    memberJoinedAt: dateOf(times.memberJoinedAt),
    hostLikedAt: dateOf(times.hostLikedAt),
  } as unknown as T
}

/** What a dashboard statement answers for the two lists. */
export interface SessionListsJson<T extends DashboardSessionRow> {
  upcoming: Json<T>[]
  past: Json<T>[]
}

export function sessionListsOf<T extends DashboardSessionRow>(lists: SessionListsJson<T>): { upcoming: T[]; past: T[] } {
  return { upcoming: lists.upcoming.map((row) => sessionRowOf<T>(row)), past: lists.past.map((row) => sessionRowOf<T>(row)) }
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
