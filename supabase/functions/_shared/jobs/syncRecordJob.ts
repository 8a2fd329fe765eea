import { attendanceLabel } from '../../../../shared/attendance/attendanceRules.ts'
import { paidSessionRecord, unpaidBookingRecord } from '../../../../shared/credits/paidSessionRecord.ts'
import type { BookingPaymentFlag } from '../../../../shared/domain/statuses.ts'
import type { MessageRecordFields } from '../../../../shared/messages/messageRecord.ts'
import type { OperationRecord } from '../../../../shared/operations/record.ts'
import { bookingFields, type BookingFields } from '../../../../shared/sessions/bookingFields.ts'
import type { PaidSessionRepository } from '../credits/paidSessionRepository.ts'
import type { RetryPolicy } from '../retry/retryPolicy.ts'
import type { SessionRepository, SessionRow } from '../sessions/sessionRepository.ts'
import type { OperationsStore } from '../store/operationsStore.ts'
import type { JobHandler } from './jobHandler.ts'
import { sessionIdOf } from './sessionJobs.ts'

export interface SyncRecordJobDeps {
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
 * `record.sync`: writes a Presence Operations record as things are now. The id is a paid
 * session's (its record, with its current booking) or a booking session's: one that uses a paid
 * session writes that paid session's record, one that uses none its own.
 */
export function createSyncRecordJob(deps: SyncRecordJobDeps): JobHandler {
  /** `known`: a session already read, used when it is the paid session's current booking. */
  async function paidRecord(paidSessionId: string, known: SessionRow | null = null): Promise<OperationRecord | null> {
    const paid = await deps.paidSessions.get(paidSessionId)
    if (!paid) return null
    const current = !paid.sessionId ? null : known?.id === paid.sessionId ? known : await deps.sessions.get(paid.sessionId)
    const earlier = await deps.paidSessions.earlierBookingIds(paid.id, current?.id ?? null)
    return paidSessionRecord(paid, current ? fieldsOf(current, deps.calAppUrl) : null, earlier, await deps.messageFields(paid.id))
  }

  return {
    retry: deps.storeRetry,
    async run(job) {
      const id = sessionIdOf(job.payload)
      const session = await deps.sessions.get(id)
      // Merged into another session: the survivor's record replaces this one's.
      const record = session
        ? session.paidSessionId
          ? await paidRecord(session.paidSessionId, session)
          : unpaidBookingRecord(session.id, fieldsOf(session, deps.calAppUrl), session.paymentFlag as BookingPaymentFlag | null, await deps.messageFields(session.id))
        : await paidRecord(id)
      if (record) await deps.store.save([record])
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
