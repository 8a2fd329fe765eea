import { mergeSessionStates } from '../../../../shared/sessions/applyBookingEvent.ts'
import type { BookingState } from '../../../../shared/sessions/bookingState.ts'
import type { Role } from '../../../../shared/sessions/sessionView.ts'
import type { AttendanceOutcome } from '../../../../shared/attendance/attendanceRules.ts'
import type { RoomStatus } from '../../../../shared/domain/statuses.ts'
import type postgres from 'postgres'
import type { Queryable, Sql } from '../db/connect.ts'
import { roomNameFor } from '../rooms/roomProvider.ts'

export interface SessionRow {
  id: string
  bookingId: string
  state: BookingState
  /** Bumped on every change. */
  stateVersion: number
  roomName: string
  roomStatus: RoomStatus
  roomUrl: string | null
  roomNbf: Date | null
  roomExp: Date | null
  createdAt: Date
  hostJoinedAt: Date | null
  memberJoinedAt: Date | null
  hostRating: number | null
  hostComment: string | null
  memberRating: number | null
  memberComment: string | null
  /** When the host marked that they enjoyed meeting the member (the first time), and when the member dismissed it. */
  hostLikedAt: Date | null
  hostLikeDismissedAt: Date | null
  /** The paid session this booking uses, once decided (see `_shared/credits/settleCredit.ts`). */
  paidSessionId: string | null
  /** Why it uses none: the record's Payment Status. */
  paymentFlag: string | null
  creditDecided: boolean
  /** The video provider's account of the call (`_shared/attendance/`): the outcome once decided, minutes per side, the meeting's end. */
  attendance: AttendanceOutcome | null
  hostMinutes: number | null
  memberMinutes: number | null
  meetingEndedAt: Date | null
}

/**
 * Runs inside the transaction that changed a session: link its delivery, settle its credit,
 * queue its jobs. `absorbedIds` are sessions just merged into this one (gone now).
 */
export type AfterApply = (tx: postgres.TransactionSql, session: SessionRow, changed: boolean, absorbedIds: string[]) => Promise<void>

const columns = (sql: Queryable) => sql`
  s.created_at as "createdAt", s.id::text as id, s.booking_id as "bookingId", s.state, s.state_version as "stateVersion",
  s.room_name as "roomName", s.room_status as "roomStatus", s.room_url as "roomUrl",
  s.room_nbf as "roomNbf", s.room_exp as "roomExp", s.host_joined_at as "hostJoinedAt", s.member_joined_at as "memberJoinedAt", s.host_rating as "hostRating",
  s.host_comment as "hostComment", s.member_rating as "memberRating", s.member_comment as "memberComment",
  s.host_liked_at as "hostLikedAt", s.host_like_dismissed_at as "hostLikeDismissedAt",
  s.paid_session_id::text as "paidSessionId", s.payment_flag as "paymentFlag", s.credit_decided as "creditDecided",
  s.attendance, s.host_minutes as "hostMinutes", s.member_minutes as "memberMinutes", s.meeting_ended_at as "meetingEndedAt"`

const UNIQUE_VIOLATION = '23505'

/** Another transaction claimed one of our uids between our read and our write. */
class ApplyRaceError extends Error {}

/** Sessions in Postgres: state changes in short transactions, and a lease per session for sync work. */
export function createSessionRepository(sql: Sql) {
  async function applyOnce(
    bookingIds: string[],
    fold: (state: BookingState | null) => BookingState,
    afterApply: AfterApply | undefined,
  ): Promise<{ session: SessionRow; changed: boolean }> {
    return sql.begin(async (tx) => {
      const result = await foldInto(tx, bookingIds, fold)
      await afterApply?.(tx, result.session, result.changed, result.absorbedIds)
      return { session: result.session, changed: result.changed }
    })
  }

  async function foldInto(
    tx: postgres.TransactionSql,
    bookingIds: string[],
    fold: (state: BookingState | null) => BookingState,
  ): Promise<{ session: SessionRow; changed: boolean; absorbedIds: string[] }> {
    const found = await tx<SessionRow[]>`
      select ${columns(tx)} from sessions s
      where s.id in (select session_id from booking_aliases where booking_id = any(${bookingIds}::text[]))
      order by s.created_at
      for update`
    const current = found.length > 1 ? await merge(tx, found, bookingIds[0]!) : found[0]
    const absorbedIds = found.slice(1).map((row) => row.id)
    const next = fold(current?.state ?? null)
    if (current && found.length === 1 && sameState(current.state, next)) return { session: current, changed: false, absorbedIds }

    let session: SessionRow
    if (!current) {
      const id = crypto.randomUUID()
      const [row] = await tx<SessionRow[]>`
        insert into sessions as s (id, booking_id, booking_status, start_time, end_time, state, room_name)
        values (${id}, ${next.bookingId}, ${next.status}, ${next.start}, ${next.end}, ${tx.json(next as never)}, ${roomNameFor(id)})
        returning ${columns(tx)}`
      session = row!
    } else {
      const [row] = await tx<SessionRow[]>`
        update sessions as s set booking_id = ${next.bookingId}, booking_status = ${next.status}, start_time = ${next.start},
          end_time = ${next.end}, state = ${tx.json(next as never)}, state_version = state_version + 1, updated_at = now()
        where id = ${current.id}
        returning ${columns(tx)}`
      session = row!
    }
    const aliases = [next.bookingId, ...next.previousBookingIds]
    await tx`
      insert into booking_aliases (booking_id, session_id)
      select alias, ${session.id}::uuid from unnest(${aliases}::text[]) as t (alias)
      on conflict (booking_id) do nothing`
    // A uid another session claimed meanwhile (its transaction committed after our read):
    // roll back and run again, which then sees both sessions and merges them.
    const [taken] = await tx<{ count: number }[]>`
      select count(*)::int as count from booking_aliases where booking_id = any(${aliases}::text[]) and session_id <> ${session.id}::uuid`
    if ((taken?.count ?? 0) > 0) throw new ApplyRaceError()
    return { session, changed: true, absorbedIds }
  }

  /**
   * Two sessions turn out to be one booking. The older row survives (its id names its room);
   * the newer one's state wins where both know something, its uids and deliveries move over,
   * and its room is queued for deletion (a room job still running for it deletes what it made).
   */
  async function merge(tx: postgres.TransactionSql, found: SessionRow[], newestUid: string): Promise<SessionRow> {
    const [survivor, ...absorbed] = found as [SessionRow, ...SessionRow[]]
    const holdsNewest = (session: SessionRow) => session.state.bookingId === newestUid || session.state.previousBookingIds.includes(newestUid)
    const ordered = [...found].sort((a, b) => Number(holdsNewest(b)) - Number(holdsNewest(a)))
    const state = ordered.slice(1).reduce((merged, other) => mergeSessionStates(merged, other.state), ordered[0]!.state)
    const absorbedIds = absorbed.map((session) => session.id)
    await tx`
      insert into orphan_rooms (room_name, session_id)
      select room_name, ${survivor.id}::uuid from sessions where id = any(${absorbedIds}::uuid[]) and room_status = 'Active'
      on conflict do nothing`
    await tx`update booking_aliases set session_id = ${survivor.id} where session_id = any(${absorbedIds}::uuid[])`
    await tx`update webhook_deliveries set session_id = ${survivor.id} where session_id = any(${absorbedIds}::uuid[])`
    const paidSessionId = await mergeCredits(tx, survivor, absorbed)
    await tx`delete from sessions where id = any(${absorbedIds}::uuid[])`
    return { ...survivor, state, paidSessionId, creditDecided: survivor.creditDecided || absorbed.some((row) => row.creditDecided) }
  }

  /**
   * One booking holds at most one paid session. The survivor keeps its own, or takes the first
   * one an absorbed session held; any other goes back to being bookable.
   */
  async function mergeCredits(tx: postgres.TransactionSql, survivor: SessionRow, absorbed: SessionRow[]): Promise<string | null> {
    const kept = survivor.paidSessionId ?? absorbed.find((row) => row.paidSessionId)?.paidSessionId ?? null
    const absorbedIds = absorbed.map((row) => row.id)
    await tx`
      update paid_sessions set session_id = null, updated_at = now(),
        credit_status = case when credit_status <> 'booked' then credit_status when refunded_at is not null then 'refunded' else 'available' end
      where session_id = any(${absorbedIds}::uuid[]) and id is distinct from ${kept}::uuid`
    if (kept && kept !== survivor.paidSessionId) {
      await tx`update sessions set paid_session_id = ${kept}, payment_flag = null, credit_decided = true where id = ${survivor.id}`
      await tx`update paid_sessions set session_id = ${survivor.id}, updated_at = now() where id = ${kept}::uuid`
    }
    return kept
  }

  return {
    /**
     * Folds an event into the session that holds any of `bookingIds` (creating it if none does)
     * in one short transaction, running `afterApply` in it. On a server two events for one
     * booking can race to create or link sessions; the loser hits a unique key or an id claimed
     * meanwhile, and simply runs again against the winner's rows.
     */
    async apply(
      bookingIds: string[],
      fold: (state: BookingState | null) => BookingState,
      afterApply?: AfterApply,
    ): Promise<{ session: SessionRow; changed: boolean }> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await applyOnce(bookingIds, fold, afterApply)
        } catch (error) {
          const race = error instanceof ApplyRaceError || (error as { code?: string }).code === UNIQUE_VIOLATION
          if (!race || attempt >= 5) throw error
        }
      }
    },

    /**
     * Records that `role` joined, once: the first report wins and asks for a sync so the record
     * shows it; later reports change nothing. Returns whether this report was the first.
     */
    async markJoined(id: string, role: Role): Promise<boolean> {
      const column = role === 'host' ? sql`host_joined_at` : sql`member_joined_at`
      const rows = await sql`
        update sessions set ${column} = now(), state_version = state_version + 1, updated_at = now()
        where id = ${id} and ${column} is null returning id`
      return rows.length > 0
    },

    /** Stores `role`'s rating (a later one replaces it) and asks for a sync. */
    async rate(id: string, role: Role, stars: number, comment: string | null): Promise<void> {
      if (role === 'host') {
        await sql`update sessions set host_rating = ${stars}, host_comment = ${comment}, state_version = state_version + 1 where id = ${id}`
      } else {
        await sql`update sessions set member_rating = ${stars}, member_comment = ${comment}, state_version = state_version + 1 where id = ${id}`
      }
    },

    /**
     * The host's like: liking again keeps the first time; taking it back clears the like and its
     * dismissal. Returns whether anything changed (then the record needs a sync).
     */
    async setHostLike(id: string, liked: boolean): Promise<boolean> {
      const rows = liked
        ? await sql`
            update sessions set host_liked_at = now(), state_version = state_version + 1, updated_at = now()
            where id = ${id} and host_liked_at is null returning id`
        : await sql`
            update sessions set host_liked_at = null, host_like_dismissed_at = null, state_version = state_version + 1, updated_at = now()
            where id = ${id} and host_liked_at is not null returning id`
      return rows.length > 0
    },

    /** The member has seen the like: the dashboard stops showing it (once, the first time kept). */
    async dismissHostLike(id: string): Promise<boolean> {
      const rows = await sql`
        update sessions set host_like_dismissed_at = now(), updated_at = now()
        where id = ${id} and host_liked_at is not null and host_like_dismissed_at is null returning id`
      return rows.length > 0
    },

    async orphanRooms(id: string): Promise<string[]> {
      const rows = await sql<{ roomName: string }[]>`select room_name as "roomName" from orphan_rooms where session_id = ${id}`
      return rows.map((row) => row.roomName)
    },

    async forgetOrphanRoom(name: string): Promise<void> {
      await sql`delete from orphan_rooms where room_name = ${name}`
    },

    async findByBookingId(bookingId: string): Promise<SessionRow | null> {
      const [row] = await sql<SessionRow[]>`
        select ${columns(sql)} from sessions s join booking_aliases a on a.session_id = s.id where a.booking_id = ${bookingId}`
      return row ?? null
    },

    async get(id: string): Promise<SessionRow | null> {
      const [row] = await sql<SessionRow[]>`select ${columns(sql)} from sessions s where s.id = ${id}`
      return row ?? null
    },

    /** Stores what the room provider now has; false when the session is gone (merged into another). */
    async recordRoom(id: string, room: { status: RoomStatus; url: string | null; nbf: Date | null; exp: Date | null }): Promise<boolean> {
      const rows = await sql`
        update sessions set room_status = ${room.status}, room_url = ${room.url}, room_nbf = ${room.nbf}, room_exp = ${room.exp},
          updated_at = now()
        where id = ${id} returning id`
      return rows.length > 0
    },

    /** Forgets what we think the provider has, so the next room sync makes the room again (repair). */
    async forgetRoom(id: string): Promise<void> {
      await sql`update sessions set room_status = 'Not Created' where id = ${id} and room_status = 'Active'`
    },

    /** Booked sessions starting before `until` (and not over) that still have no room. */
    async missingRooms(until: Date, limit: number): Promise<string[]> {
      const rows = await sql<{ id: string }[]>`
        select id::text as id from sessions
        where booking_status = 'Created' and room_status = 'Not Created' and start_time <= ${until} and end_time > now()
        order by start_time limit ${limit}`
      return rows.map((row) => row.id)
    },
  }
}

export type SessionRepository = ReturnType<typeof createSessionRepository>

function sameState(a: BookingState, b: BookingState): boolean {
  return JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort())
}
