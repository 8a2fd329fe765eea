import { reconcileDueAt, RECONCILE_LOOKBACK_MS } from '../../../../shared/attendance/attendanceRules.ts'
import type { Queryable } from '../db/connect.ts'
import type { JobHandler } from '../jobs/jobHandler.ts'
import { recordIdOf, recordSyncJob, sessionIdOf } from '../jobs/sessionJobs.ts'
import type { JobRequest, Outbox } from '../outbox/outbox.ts'
import type { RetryPolicy } from '../retry/retryPolicy.ts'
import type { AttendanceRecords } from './attendanceRecords.ts'
import type { AttendanceSource } from './attendanceSource.ts'

export const ATTENDANCE_JOB_KINDS = { reconcile: 'attendance.reconcile' } as const

/** Ask the provider who came, once per session, and settle it. */
export function reconcileJob(sessionId: string): JobRequest {
  return { kind: ATTENDANCE_JOB_KINDS.reconcile, key: `attendance.reconcile:${sessionId}`, payload: { sessionId }, runs: 'once' }
}

/** Times a job may find its session not due yet (queued at a meeting's end, moved by a reschedule). */
const MAX_WAITS = 10

/** Queued before the session's end plus the grace: the job comes back then (not counted against the provider). */
export class NotDueYetError extends Error {
  constructor(readonly dueAt: Date, now: Date, readonly retryAfterMs = Math.max(1_000, dueAt.getTime() - now.getTime())) {
    super(`the session is reconciled from ${dueAt.toISOString()}`)
  }
}

export interface ReconcileJobDeps {
  attendance: AttendanceRecords
  source: AttendanceSource
  /** The source's own policy (Daily's 429s and 5xx, or the local one's). */
  sourceRetry: RetryPolicy
  settle: (sessionId: string) => Promise<unknown>
  outbox: Outbox
  sql: Queryable
  now?: () => Date
}

/**
 * `attendance.reconcile`: after the end plus the grace, the provider's own records of the room
 * (Daily's meetings API, or the local rooms' presence) are recorded as visits (the same ids as
 * the webhooks', so nothing is counted twice), then the session is settled. A session already
 * settled by the webhooks is left as it is; a side nobody saw is a no-show.
 */
export function createReconcileJob(deps: ReconcileJobDeps): JobHandler {
  const now = deps.now ?? (() => new Date())
  return {
    retry: {
      ...deps.sourceRetry,
      // Waiting for the grace is not a failure of the provider: it never runs out of attempts.
      retryable: (error) => error instanceof NotDueYetError || deps.sourceRetry.retryable(error),
      // A reschedule after the job was queued moves its due time: room for a few of those.
      maxAttempts: deps.sourceRetry.maxAttempts + MAX_WAITS,
    },
    async run(job) {
      const session = await deps.attendance.session(sessionIdOf(job.payload))
      if (!session || session.attendance !== null || (session.status !== 'Created' && session.status !== 'Completed')) return
      const dueAt = reconcileDueAt(session.end)
      if (now() < dueAt) throw new NotDueYetError(dueAt, now())
      await deps.attendance.recordVisits(session.id, await deps.source.visits(session))
      await deps.attendance.refreshMinutes((await deps.attendance.session(session.id)) ?? session, now())
      await deps.settle(session.id)
      await deps.outbox.enqueue(deps.sql, [recordSyncJob(recordIdOf(session))])
    },
  }
}

/** Sessions the sweep queues a reconcile for at most per call; the next call takes the rest. */
const SWEEP_LIMIT = 200

/**
 * Queues the reconcile of every booked or completed session whose end plus the grace has passed
 * with no outcome and no reconcile job yet (no webhook came, or the local rooms are in use). The
 * scheduler's tick runs it every minute; each session's job runs once.
 */
export async function queueDueReconciles(db: Queryable, outbox: Outbox, at: Date): Promise<number> {
  const rows = await db<{ id: string }[]>`
    select s.id::text as id from sessions s
    where s.attendance is null and s.booking_status in ('Created', 'Completed')
      and s.end_time <= ${new Date(at.getTime() - (reconcileDueAt(new Date(0)).getTime()))}
      and s.end_time > ${new Date(at.getTime() - RECONCILE_LOOKBACK_MS)}
      and not exists (select 1 from outbox_jobs j where j.idempotency_key = 'attendance.reconcile:' || s.id::text)
    order by s.end_time limit ${SWEEP_LIMIT}`
  await outbox.enqueue(db, rows.map((row) => reconcileJob(row.id)))
  return rows.length
}
