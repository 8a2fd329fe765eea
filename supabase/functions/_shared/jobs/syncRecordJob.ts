import { attendanceLabel } from '../../../../shared/attendance/attendanceRules.ts'
import { paidSessionRecord, unpaidBookingRecord } from '../../../../shared/credits/paidSessionRecord.ts'
import type { BookingPaymentFlag } from '../../../../shared/domain/statuses.ts'
import type { MessageRecordFields } from '../../../../shared/messages/messageRecord.ts'
import type { OperationRecord } from '../../../../shared/operations/record.ts'
import { bookingFields, type BookingFields } from '../../../../shared/sessions/bookingFields.ts'
import type { PaidSessionRepository } from '../credits/paidSessionRepository.ts'
import type { Sql } from '../db/connect.ts'
import type { Outbox } from '../outbox/outbox.ts'
import type { RetryPolicy } from '../retry/retryPolicy.ts'
import type { SessionRepository, SessionRow } from '../sessions/sessionRepository.ts'
import type { OperationsStore } from '../store/operationsStore.ts'
import type { JobHandler } from './jobHandler.ts'
import { recordSyncJob, sessionIdOf } from './sessionJobs.ts'

export interface SyncRecordJobDeps {
  sql: Sql
  outbox: Pick<Outbox, 'enqueue'>
  sessions: SessionRepository
  paidSessions: PaidSessionRepository
  store: OperationsStore
  /** The store's own policy (Airtable's 30 s after a 429, or Postgres's). */
  storeRetry: RetryPolicy
  calAppUrl: string
  /** The record's SMS fields, from the messages about its sessions (`_shared/messages/messageStates.ts`). */
  messageFields: (recordId: string) => Promise<MessageRecordFields>
}

/**
 * `record.sync`: brings the Presence Operations record kept under one id to the state as it is
 * now. A paid session's id writes its record (with its current booking); a session on no paid
 * session writes its own. An id that keeps no record any more loses it: a session merged into
 * another, or one booked onto a paid session (whose record it now fills, queued under that id, so
 * each record has one writer at a time).
 */
export function createSyncRecordJob(deps: SyncRecordJobDeps): JobHandler {
  async function paidRecord(paidSessionId: string): Promise<OperationRecord | null> {
    const paid = await deps.paidSessions.get(paidSessionId)
    if (!paid) return null
    const current = paid.sessionId ? await deps.sessions.get(paid.sessionId) : null
    const earlier = await deps.paidSessions.earlierBookingIds(paid.id, current?.id ?? null)
    return paidSessionRecord(paid, current ? fieldsOf(current, deps.calAppUrl) : null, earlier, await deps.messageFields(paid.id))
  }

  return {
    retry: deps.storeRetry,
    async run(job) {
      const id = sessionIdOf(job.payload)
      const session = await deps.sessions.get(id)
      if (session?.paidSessionId) {
        await deps.outbox.enqueue(deps.sql, [recordSyncJob(session.paidSessionId)])
        await deps.store.remove([id])
        return
      }
      const record = session
        ? unpaidBookingRecord(session.id, fieldsOf(session, deps.calAppUrl), session.paymentFlag as BookingPaymentFlag | null, await deps.messageFields(session.id))
        : await paidRecord(id)
      if (record) await deps.store.save([record])
      else await deps.store.remove([id])
    },
  }
}

export function fieldsOf(session: SessionRow, calAppUrl: string): BookingFields {
  return bookingFields(session.state, { status: session.roomStatus, url: session.roomUrl, name: session.roomName }, calAppUrl, {
    hostJoined: session.hostJoinedAt !== null,
    memberJoined: session.memberJoinedAt !== null,
    hostRating: session.hostRating,
    hostComment: session.hostComment,
    memberRating: session.memberRating,
    memberComment: session.memberComment,
    hostLikedMember: session.hostLikedAt !== null,
    attendance: attendanceLabel(session.attendance, (session.hostJoinedAt ?? session.memberJoinedAt) !== null && session.meetingEndedAt === null),
    hostMinutes: session.hostMinutes,
    memberMinutes: session.memberMinutes,
  })
}
