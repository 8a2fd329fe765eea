import { createAttendanceRecords, type AttendanceRecords } from '../../attendance/attendanceRecords.ts'
import type { AttendanceSource } from '../../attendance/attendanceSource.ts'
import { createDailyAttendanceSource } from '../../attendance/daily/dailyMeetings.ts'
import { createDailyProcessor } from '../../attendance/dailyProcessor.ts'
import { createLocalAttendanceSource } from '../../attendance/local/localPresence.ts'
import { ATTENDANCE_JOB_KINDS, createReconcileJob } from '../../attendance/reconcileJob.ts'
import { settleAttendance } from '../../attendance/settleAttendance.ts'
import type { InboxProcessor } from '../../inbox/processor.ts'
import type { JobHandler } from '../../jobs/jobHandler.ts'
import { defaultPolicy, type RetryPolicy } from '../../retry/retryPolicy.ts'
import { DAILY_RETRY } from '../../rooms/daily/retryPolicy.ts'
import { memoised, type Runtime } from '../runtime.ts'
import { outboxOf, sessionsOf } from './sessions.ts'

const LOCAL_PRESENCE_RETRY = defaultPolicy({ maxAttempts: 10, baseMs: 1_000, maxMs: 60_000 })

export function attendanceOf(rt: Runtime): AttendanceRecords {
  return memoised(rt, 'attendance', () => createAttendanceRecords(rt.sql))
}

/** Who was in a room: Daily's meetings API when Daily is configured, else the local rooms' own presence. */
export function attendanceSourceOf(rt: Runtime): { source: AttendanceSource; retry: RetryPolicy } {
  return memoised(rt, 'attendanceSource', () => {
    const daily = rt.config.daily
    return daily
      ? { source: createDailyAttendanceSource({ apiKey: daily.apiKey, apiUrl: daily.apiUrl, fetch: rt.fetch }), retry: DAILY_RETRY }
      : { source: createLocalAttendanceSource(rt.sql), retry: LOCAL_PRESENCE_RETRY }
  })
}

function settlerOf(rt: Runtime): (sessionId: string) => Promise<unknown> {
  return (sessionId) => settleAttendance({ sql: rt.sql, sessions: sessionsOf(rt), outbox: outboxOf(rt) }, sessionId)
}

export function dailyProcessorOf(rt: Runtime): InboxProcessor {
  return createDailyProcessor({ sql: rt.sql, attendance: attendanceOf(rt), outbox: outboxOf(rt), settle: settlerOf(rt) })
}

export function attendanceJobOf(rt: Runtime): Record<string, JobHandler> {
  const { source, retry } = attendanceSourceOf(rt)
  return {
    [ATTENDANCE_JOB_KINDS.reconcile]: createReconcileJob({
      attendance: attendanceOf(rt),
      source,
      sourceRetry: retry,
      settle: settlerOf(rt),
      outbox: outboxOf(rt),
      sql: rt.sql,
    }),
  }
}
