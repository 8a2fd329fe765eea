import { z } from 'zod'
import { sideOf } from '../../../../../shared/attendance/attendanceRules.ts'
import { fromUnixSeconds } from '../../../../../shared/attendance/dailyEvents.ts'
import { ROOM_OPENS_BEFORE_START_MS } from '../../../../../shared/domain/sessionTimes.ts'
import { createDailyApi } from '../../rooms/daily/dailyApi.ts'
import { unixSeconds } from '../../rooms/daily/meetingToken.ts'
import type { AttendanceSource } from '../attendanceSource.ts'

/**
 * `GET /v1/meetings?room=…`: Daily's meeting sessions, each with its participants (`join_time`
 * in unix seconds, `duration` in seconds; `user_id` is the meeting token's `ud`, or null).
 */
export const dailyMeetingsSchema = z.looseObject({
  total_count: z.number().optional(),
  data: z.array(
    z.looseObject({
      id: z.string(),
      room: z.string(),
      start_time: z.number(),
      duration: z.number().optional(),
      ongoing: z.boolean().optional(),
      participants: z.array(
        z.looseObject({
          participant_id: z.string(),
          user_id: z.string().nullable().optional(),
          user_name: z.string().nullable().optional(),
          join_time: z.number(),
          duration: z.number().min(0),
        }),
      ),
    }),
  ),
})

/** More meeting sessions than one booked session's room ever has (each rejoin after an empty room is one). */
const MEETINGS_LIMIT = 100

export function createDailyAttendanceSource(options: { apiKey: string; apiUrl: string; fetch?: typeof fetch; timeoutMs?: number }): AttendanceSource {
  const api = createDailyApi({ apiKey: options.apiKey, apiUrl: options.apiUrl, fetch: options.fetch, timeoutMs: options.timeoutMs ?? 10_000 })
  return {
    kind: 'daily',
    async visits(session) {
      // The room's own window: a room name is never reused by another session.
      const from = session.roomNbf ?? new Date(session.start.getTime() - ROOM_OPENS_BEFORE_START_MS)
      const query = new URLSearchParams({ room: session.roomName, timeframe_start: String(unixSeconds(from)), limit: String(MEETINGS_LIMIT) })
      const answer = await api(dailyMeetingsSchema, { method: 'GET', path: `/meetings?${query}`, label: `list meetings of ${session.roomName}` })
      return answer.data
        .filter((meeting) => meeting.room === session.roomName)
        .flatMap((meeting) =>
          meeting.participants.map((p) => {
            const joinedAt = fromUnixSeconds(p.join_time)
            return {
              participantId: p.participant_id,
              // The meetings API has no owner flag: the token's `ud` says who it was.
              side: sideOf({ userId: p.user_id, owner: false }, session.id),
              joinedAt,
              leftAt: new Date(joinedAt.getTime() + p.duration * 1000),
              source: 'meetings' as const,
            }
          }),
        )
    },
  }
}
