import { type AttendanceOutcome, outcomeOf, settlementOf } from '../../../../shared/attendance/attendanceRules.ts'
import type { Sql } from '../db/connect.ts'
import { recordIdOf, recordSyncJob, roomSyncJob } from '../jobs/sessionJobs.ts'
import type { Outbox } from '../outbox/outbox.ts'
import type { SessionRepository } from '../sessions/sessionRepository.ts'
import { thankYouSms } from './thankYou.ts'

export interface SettleAttendanceDeps {
  sql: Sql
  sessions: SessionRepository
  outbox: Outbox
}

export type SettleResult = { decided: AttendanceOutcome } | { already: AttendanceOutcome } | { skipped: string }

/**
 * The end of a session, once, in one transaction: Booking Status Completed, the outcome from who
 * was seen, the credit used or given back, the host's payout line, the member's thank-you, and
 * the record and room brought up to date. Running it again finds the outcome decided and changes
 * nothing; the unique keys (one line per session, one message per key) hold even if two run at once.
 */
export async function settleAttendance(deps: SettleAttendanceDeps, sessionId: string): Promise<SettleResult> {
  const session = await deps.sessions.get(sessionId)
  if (!session) return { skipped: 'the session is gone (merged into another)' }
  if (session.state.status === 'Cancelled' || session.state.status === 'Pending') {
    return { skipped: `the booking is ${session.state.status}` }
  }
  let result: SettleResult = { skipped: 'not settled' }
  await deps.sessions.apply(
    [session.state.bookingId],
    (state) => (state && state.status === 'Created' ? { ...state, status: 'Completed' } : state!),
    async (tx, current) => {
      if (current.state.status !== 'Completed') {
        result = { skipped: `the booking is ${current.state.status}` }
        return
      }
      const outcome = outcomeOf({ host: current.hostJoinedAt !== null, member: current.memberJoinedAt !== null })
      const [decided] = await tx<{ id: string }[]>`
        update sessions set attendance = ${outcome}, attendance_decided_at = now(), state_version = state_version + 1, updated_at = now()
        where id = ${current.id} and attendance is null returning id::text as id`
      if (!decided) {
        const [row] = await tx<{ attendance: AttendanceOutcome }[]>`select attendance from sessions where id = ${current.id}`
        result = { already: row!.attendance }
        return
      }
      const settlement = settlementOf(outcome)
      if (current.paidSessionId) {
        // Only while this booking holds the paid session; a refunded one stays refunded.
        await tx`
          update paid_sessions set credit_status = ${settlement.credit}, updated_at = now()
          where id = ${current.paidSessionId} and session_id = ${current.id} and credit_status <> 'refunded'`
        if (settlement.payHost) {
          await tx`
            insert into payout_lines (session_id, paid_session_id, host_id, amount_cents)
            select ${current.id}::uuid, id, host_id, host_share_cents from paid_sessions
            where id = ${current.paidSessionId} and refunded_at is null
            on conflict do nothing`
        }
      }
      const jobs = [recordSyncJob(recordIdOf(current)), roomSyncJob(current.id)]
      if (settlement.thankMember && current.state.memberId) jobs.push(thankYouSms(current.id, current.state.memberId))
      await deps.outbox.enqueue(tx, jobs)
      result = { decided: outcome }
    },
  )
  return result
}
