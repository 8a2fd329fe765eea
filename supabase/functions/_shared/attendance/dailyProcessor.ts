import { z } from 'zod'
import { sideOf } from '../../../../shared/attendance/attendanceRules.ts'
import {
  dailyEnvelopeSchema,
  fromUnixSeconds,
  isDailyEventType,
  meetingEndedSchema,
  meetingStartedSchema,
  participantJoinedSchema,
  participantLeftSchema,
} from '../../../../shared/attendance/dailyEvents.ts'
import type { Sql } from '../db/connect.ts'
import type { InboxProcessor, ProcessorOutcome } from '../inbox/processor.ts'
import { jsonOf } from '../inbox/rawBody.ts'
import { recordIdOf, recordSyncJob } from '../jobs/sessionJobs.ts'
import type { Outbox } from '../outbox/outbox.ts'
import type { AttendanceRecords, AttendanceSession, VisitReport } from './attendanceRecords.ts'
import { reconcileJob } from './reconcileJob.ts'

export interface DailyProcessorDeps {
  sql: Sql
  attendance: AttendanceRecords
  outbox: Outbox
  /** Decides the session's outcome (see settleAttendance). */
  settle: (sessionId: string) => Promise<unknown>
  now?: () => Date
}

function ignored(reason: string): ProcessorOutcome {
  return { outcome: 'ignored', reason }
}

/**
 * Daily's deliveries, recorded by daily-webhook: each participant's join and leave becomes a
 * visit (Host Joined / Member Joined, minutes per side), the meeting's start and end its times.
 * Once the meeting has ended with both sides seen the session is settled at once; otherwise the
 * reconcile after the end plus the grace settles it (a side may still come). Replays and any
 * order end the same: visits only widen, and the outcome is decided once.
 */
export function createDailyProcessor(deps: DailyProcessorDeps): InboxProcessor {
  const now = deps.now ?? (() => new Date())

  function visitOf(type: 'participant.joined' | 'participant.left', payload: unknown, session: AttendanceSession): VisitReport | string {
    const parsed = (type === 'participant.joined' ? participantJoinedSchema : participantLeftSchema).safeParse(payload)
    if (!parsed.success) return `${type} payload is not valid: ${z.prettifyError(parsed.error)}`
    const joinedAt = fromUnixSeconds(parsed.data.joined_at)
    const duration = 'duration' in parsed.data ? (parsed.data.duration as number) : null
    return {
      participantId: parsed.data.session_id,
      side: sideOf({ userId: parsed.data.user_id, owner: parsed.data.owner }, session.id),
      joinedAt,
      leftAt: duration === null ? null : new Date(joinedAt.getTime() + duration * 1000),
      source: 'webhook',
    }
  }

  return {
    async process(delivery) {
      const envelope = dailyEnvelopeSchema.safeParse(jsonOf(delivery.rawBody))
      if (!envelope.success) return ignored('not a Daily event envelope')
      const { type, payload } = envelope.data
      if (!isDailyEventType(type)) return ignored(`attendance does not use ${type}`)
      const room = typeof payload.room === 'string' ? payload.room : null
      const session = room ? await deps.attendance.sessionForRoom(room) : null
      if (!session) return ignored(`no session has the room ${JSON.stringify(room)}`)
      await deps.attendance.linkDelivery(delivery.id, session.id)

      if (type === 'participant.joined' || type === 'participant.left') {
        const visit = visitOf(type, payload, session)
        if (typeof visit === 'string') return ignored(visit)
        await deps.attendance.recordVisits(session.id, [visit])
      } else {
        const parsed = (type === 'meeting.started' ? meetingStartedSchema : meetingEndedSchema).safeParse(payload)
        if (!parsed.success) return ignored(`${type} payload is not valid: ${z.prettifyError(parsed.error)}`)
        const endedAt = 'end_ts' in parsed.data ? fromUnixSeconds(parsed.data.end_ts as number) : null
        await deps.attendance.recordMeeting(session.id, { startedAt: fromUnixSeconds(parsed.data.start_ts), endedAt })
      }

      // Read after this event's write committed: of two events processed at once (a join and
      // the meeting's end), the later read sees both, so one of them settles.
      const fresh = (await deps.attendance.session(session.id)) ?? session
      await deps.attendance.refreshMinutes(fresh, now())
      if (fresh.attendance === null && fresh.meetingEndedAt) {
        if (fresh.hostJoinedAt && fresh.memberJoinedAt) await deps.settle(fresh.id)
        // Someone is missing: the reconcile decides, after the grace (it waits for it).
        else await deps.outbox.enqueue(deps.sql, [reconcileJob(fresh.id)])
      }
      await deps.outbox.enqueue(deps.sql, [recordSyncJob(recordIdOf(fresh))])
      return { outcome: 'processed' }
    },
  }
}
