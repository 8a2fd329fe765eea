import { type AttendanceOutcome, minutesBySide, type Side, type Visit } from '../../../../shared/attendance/attendanceRules.ts'
import { roomClosesAt, sessionTimesOf } from '../../../../shared/domain/sessionTimes.ts'
import type { BookingStatus } from '../../../../shared/domain/statuses.ts'
import type { Queryable, Sql } from '../db/connect.ts'

/** One participant's visit, as a webhook or the provider's own records told it; either time may be unknown yet. */
export interface VisitReport {
  participantId: string
  side: Side
  joinedAt: Date | null
  leftAt: Date | null
  source: 'webhook' | 'meetings' | 'local'
}

/** What attendance needs of a session. */
export interface AttendanceSession {
  id: string
  /** The paid session it uses, if any: its record is kept under that id. */
  paidSessionId: string | null
  bookingId: string
  status: BookingStatus
  start: Date
  end: Date
  roomName: string
  roomNbf: Date | null
  hostJoinedAt: Date | null
  memberJoinedAt: Date | null
  meetingEndedAt: Date | null
  attendance: AttendanceOutcome | null
}

const columns = (sql: Queryable) => sql`
  id::text as id, paid_session_id::text as "paidSessionId", booking_id as "bookingId", booking_status as status, start_time as start, end_time as "end", room_name as "roomName",
  room_nbf as "roomNbf", host_joined_at as "hostJoinedAt", member_joined_at as "memberJoinedAt", meeting_ended_at as "meetingEndedAt", attendance`

/**
 * Attendance as Postgres keeps it: each visit once (keyed by the provider's participant id, so
 * a replay or the reconcile finding the same visit updates it), the meeting's times, each side's
 * first join (the record's Host Joined / Member Joined) and minutes. Every write widens what is
 * known (the earliest join, the latest leave), so any order of events ends the same.
 */
export function createAttendanceRecords(sql: Sql) {
  return {
    async sessionForRoom(roomName: string): Promise<AttendanceSession | null> {
      const [row] = await sql<AttendanceSession[]>`select ${columns(sql)} from sessions where room_name = ${roomName}`
      return row ?? null
    },

    async session(id: string): Promise<AttendanceSession | null> {
      const [row] = await sql<AttendanceSession[]>`select ${columns(sql)} from sessions where id = ${id}`
      return row ?? null
    },

    /** Ties a Daily delivery to its session, so `presence events show` shows them together. */
    async linkDelivery(deliveryId: number, sessionId: string): Promise<void> {
      await sql`update webhook_deliveries set session_id = ${sessionId} where id = ${deliveryId} and session_id is null`
    },

    /** Records visits; returns whether anything the record shows changed (a first join). */
    async recordVisits(sessionId: string, visits: VisitReport[]): Promise<boolean> {
      if (visits.length === 0) return false
      return sql.begin(async (tx) => {
        await tx`
          insert into attendance_participants as a (participant_id, session_id, role, joined_at, left_at, source)
          select participant_id, ${sessionId}::uuid, role, joined_at, left_at, source
          from unnest(${visits.map((v) => v.participantId)}::text[], ${visits.map((v) => v.side)}::text[],
            ${visits.map((v) => v.joinedAt?.toISOString() ?? null)}::timestamptz[], ${visits.map((v) => v.leftAt?.toISOString() ?? null)}::timestamptz[],
            ${visits.map((v) => v.source)}::text[]) as t (participant_id, role, joined_at, left_at, source)
          on conflict (participant_id) do update set
            joined_at = least(a.joined_at, excluded.joined_at), left_at = greatest(a.left_at, excluded.left_at), updated_at = now()`
        const firstJoin = (side: Side) => {
          const times = visits.filter((v) => v.side === side && v.joinedAt).map((v) => v.joinedAt!.getTime())
          return times.length > 0 ? new Date(Math.min(...times)).toISOString() : null
        }
        const host = firstJoin('host')
        const member = firstJoin('member')
        const changed = await tx`
          update sessions set
            host_joined_at = least(host_joined_at, ${host}::timestamptz),
            member_joined_at = least(member_joined_at, ${member}::timestamptz),
            state_version = state_version + 1, updated_at = now()
          where id = ${sessionId}
            and ((${host}::timestamptz is not null and (host_joined_at is null or host_joined_at > ${host}::timestamptz))
              or (${member}::timestamptz is not null and (member_joined_at is null or member_joined_at > ${member}::timestamptz)))
          returning id`
        return changed.length > 0
      })
    },

    async recordMeeting(sessionId: string, meeting: { startedAt: Date | null; endedAt: Date | null }): Promise<void> {
      await sql`
        update sessions set
          meeting_started_at = least(meeting_started_at, ${meeting.startedAt}::timestamptz),
          meeting_ended_at = greatest(meeting_ended_at, ${meeting.endedAt}::timestamptz),
          updated_at = now()
        where id = ${sessionId}`
    },

    /**
     * Minutes per side from the visits, an open visit counted to the meeting's end (or, while it
     * runs, to now, never past the room's close). Under the session's row lock, so of two events
     * processed at once the later count sees both visits and is the one kept. Returns whether they changed.
     */
    async refreshMinutes(session: AttendanceSession, now: Date): Promise<boolean> {
      return sql.begin(async (tx) => {
        const [locked] = await tx<{ meetingEndedAt: Date | null }[]>`
          select meeting_ended_at as "meetingEndedAt" from sessions where id = ${session.id} for update`
        if (!locked) return false
        const rows = await tx<{ role: Side; joinedAt: Date | null; leftAt: Date | null }[]>`
          select role, joined_at as "joinedAt", left_at as "leftAt" from attendance_participants where session_id = ${session.id}`
        const closes = roomClosesAt(sessionTimesOf({ start: session.start.toISOString(), end: session.end.toISOString() }))
        const until = locked.meetingEndedAt ?? new Date(Math.min(now.getTime(), closes.getTime()))
        const visits: Visit[] = rows.map((row) => ({ side: row.role, joinedAt: row.joinedAt, leftAt: row.leftAt }))
        const minutes = minutesBySide(visits, until)
        const changed = await tx`
          update sessions set host_minutes = ${minutes.host}, member_minutes = ${minutes.member}, state_version = state_version + 1, updated_at = now()
          where id = ${session.id} and (host_minutes is distinct from ${minutes.host} or member_minutes is distinct from ${minutes.member})
          returning id`
        return changed.length > 0
      })
    },
  }
}

export type AttendanceRecords = ReturnType<typeof createAttendanceRecords>
