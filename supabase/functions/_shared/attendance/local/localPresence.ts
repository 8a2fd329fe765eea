import { sideOf } from '../../../../../shared/attendance/attendanceRules.ts'
import type { Sql } from '../../db/connect.ts'
import type { MeetingTokenClaims } from '../../rooms/daily/meetingToken.ts'
import type { AttendanceSource } from '../attendanceSource.ts'

/**
 * The local rooms keep their own presence, as Daily does: every time someone opens a room with
 * a valid token it is noted (first and last time per person). It sends no webhooks; the
 * reconcile reads this instead.
 */
export async function recordLocalPresence(sql: Sql, claims: Pick<MeetingTokenClaims, 'r' | 'ud' | 'o'>): Promise<void> {
  await sql`
    insert into local_room_presence (room_name, user_id, owner) values (${claims.r}, ${claims.ud}, ${claims.o})
    on conflict (room_name, user_id) do update set last_seen_at = now()`
}

/** A local visit spans the first to the last time the person opened the room: the stand-in's minutes. */
export function createLocalAttendanceSource(sql: Sql): AttendanceSource {
  return {
    kind: 'local',
    async visits(session) {
      const rows = await sql<{ userId: string; owner: boolean; firstSeenAt: Date; lastSeenAt: Date }[]>`
        select user_id as "userId", owner, first_seen_at as "firstSeenAt", last_seen_at as "lastSeenAt"
        from local_room_presence where room_name = ${session.roomName}`
      return rows.map((row) => ({
        participantId: `local:${session.roomName}:${row.userId}`,
        side: sideOf({ userId: row.userId, owner: row.owner }, session.id),
        joinedAt: row.firstSeenAt,
        leftAt: row.lastSeenAt,
        source: 'local' as const,
      }))
    },
  }
}
