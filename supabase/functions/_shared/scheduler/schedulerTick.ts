import type { AttendanceOutcome } from '../../../../shared/attendance/attendanceRules.ts'
import { ROOM_OPENS_BEFORE_START_MS } from '../../../../shared/domain/sessionTimes.ts'
import { inactivityWindow } from '../../../../shared/schedule/inactivity.ts'
import { reminderWindow } from '../../../../shared/schedule/reminders.ts'
import { ROLES } from '../../../../shared/sessions/sessionView.ts'
import { queueDueReconciles } from '../attendance/reconcileJob.ts'
import type { Queryable, Sql } from '../db/connect.ts'
import { inactivitySms, sessionSms } from '../jobs/messageJobs.ts'
import { roomSyncJob } from '../jobs/sessionJobs.ts'
import type { JobRequest, Outbox } from '../outbox/outbox.ts'
import type { SessionRepository } from '../sessions/sessionRepository.ts'

export interface SchedulerDeps {
  sql: Sql
  sessions: SessionRepository
  outbox: Outbox
  /** Tells the worker that work was queued. */
  wake: () => void
  now?: () => Date
}

/** What one tick queued (jobs already queued by an earlier tick are not counted again). */
export interface TickReport {
  rooms: number
  reminders: number
  inactivity: number
  /** Sessions past their end plus the grace with no outcome, whose attendance is asked of the provider (`_shared/attendance/`). */
  reconciles: number
}

/** Rooms one tick queues at most; the next tick takes the rest (as the room sweep does). */
const ROOM_LIMIT = 200

/**
 * The outcomes in which the member was in the call. A host no-show counts: the member turned up,
 * so their inactivity runs from then (and the nudge points them at the credit they got back). A
 * session the member missed does not: it is not "their last session".
 */
const MEMBER_WAS_THERE: readonly AttendanceOutcome[] = ['attended', 'host_no_show']

/**
 * A completed session (aliased `alias`) the member took part in. One with no outcome yet (its
 * reconcile has not run, or it ended before attendance was recorded) counts: Completed is all
 * that is known of it.
 */
function memberTookPart(sql: Queryable, alias: 'last' | 'later') {
  const session = sql(alias)
  return sql`(${session}.booking_status = 'Completed' and (${session}.attendance is null or ${session}.attendance = any(${[...MEMBER_WAS_THERE]}::text[])))`
}

/**
 * A later session of the same member than `last` (a completed session aliased `last`): booked and
 * not over, or completed after it with the member there. One fragment for the tick and the job's
 * own check, so both read "inactive" the same way.
 */
export function laterSessionOfMember(sql: Queryable, now: Date) {
  // Anything later ends after `last` (an upcoming one too: `last` ended 48 hours ago), which lets
  // the member's (memberId, end_time) index find the few candidates.
  return sql`exists (
    select 1 from sessions later
    where (later.state ->> 'memberId') = (last.state ->> 'memberId') and later.end_time > last.end_time and later.id <> last.id
      and (${memberTookPart(sql, 'later')} or (later.booking_status in ('Created', 'Pending') and later.end_time > ${now})))`
}

/**
 * One scheduler tick: everything that is due by the clock. Each piece is an idempotent question
 * of the form "what is due by now that has no job yet", so a tick that runs twice, two ticks at
 * once, or a tick after hours of none (the machine slept, a deploy) queue each job once:
 * - rooms for booked sessions starting within 15 minutes that have none (the room sweep's query);
 * - the pre-session reminder for sessions starting within the hour, to both, keyed by the start
 *   (sessions that started within the last hour are queued too: their job records the reminder
 *   as skipped, with why, and nothing is sent);
 * - the 48-hour nudge for members whose last completed session they were in ended 48 hours ago
 *   (to a week before that) with nothing booked since.
 * Messages are `once` outbox jobs: the tick decides what is due, the worker sends it.
 */
export function createSchedulerTick(deps: SchedulerDeps) {
  const now = deps.now ?? (() => new Date())

  /** Queues the jobs no earlier tick queued; answers how many were new. */
  async function queueNew(jobs: JobRequest[]): Promise<number> {
    if (jobs.length === 0) return 0
    const known = await deps.sql<{ key: string }[]>`
      select idempotency_key as key from outbox_jobs where idempotency_key = any(${jobs.map((job) => job.key)}::text[])`
    const seen = new Set(known.map((row) => row.key))
    const fresh = jobs.filter((job) => !seen.has(job.key))
    if (fresh.length > 0) await deps.outbox.enqueue(deps.sql, fresh)
    return fresh.length
  }

  async function rooms(at: Date): Promise<number> {
    const ids = await deps.sessions.missingRooms(new Date(at.getTime() + ROOM_OPENS_BEFORE_START_MS), ROOM_LIMIT)
    // `latest` work: asking again while one is queued costs nothing.
    if (ids.length > 0) await deps.outbox.enqueue(deps.sql, ids.map(roomSyncJob))
    return ids.length
  }

  async function reminders(at: Date): Promise<number> {
    const { startsAfter, startsBy } = reminderWindow(at)
    const due = await deps.sql<{ id: string; start: Date; memberId: string | null; hostId: string | null }[]>`
      select id::text as id, start_time as start, state ->> 'memberId' as "memberId", state ->> 'hostId' as "hostId"
      from sessions
      where booking_status = 'Created' and start_time > ${startsAfter} and start_time <= ${startsBy}`
    const jobs = due.flatMap((session) =>
      ROLES.flatMap((role) => {
        const job = sessionSms('pre-session-reminder', session, role, session.start.toISOString())
        return job ? [job] : []
      }),
    )
    return queueNew(jobs)
  }

  async function inactivity(at: Date): Promise<number> {
    const { endedAfter, endedBy } = inactivityWindow(at)
    const gaps = await deps.sql<{ id: string; memberId: string }[]>`
      select last.id::text as id, last.state ->> 'memberId' as "memberId"
      from sessions last
      where ${memberTookPart(deps.sql, 'last')} and last.end_time > ${endedAfter} and last.end_time <= ${endedBy}
        and (last.state ->> 'memberId') is not null
        and not ${laterSessionOfMember(deps.sql, at)}`
    return queueNew(gaps.map((gap) => inactivitySms(gap.memberId, gap.id)))
  }

  return async function tick(): Promise<TickReport> {
    const at = now()
    const report = {
      rooms: await rooms(at),
      reminders: await reminders(at),
      inactivity: await inactivity(at),
      reconciles: await queueDueReconciles(deps.sql, deps.outbox, at),
    }
    if (report.rooms + report.reminders + report.inactivity + report.reconciles > 0) deps.wake()
    return report
  }
}

export type SchedulerTick = ReturnType<typeof createSchedulerTick>
