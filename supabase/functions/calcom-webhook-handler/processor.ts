import { notHandledReason, parseCalcomDelivery } from '../../../shared/calcom/payload.ts'
import { bookingMessagesFor } from '../../../shared/schedule/bookingMessages.ts'
import { applyBookingEvent } from '../../../shared/sessions/applyBookingEvent.ts'
import type { BookingState } from '../../../shared/sessions/bookingState.ts'
import { buyerOfClaim, settleCredit } from '../_shared/credits/settleCredit.ts'
import type { Queryable, Sql } from '../_shared/db/connect.ts'
import { UnprocessableError } from '../_shared/errors.ts'
import type { InboxProcessor } from '../_shared/inbox/processor.ts'
import { jsonOf } from '../_shared/inbox/rawBody.ts'
import { sessionSms } from '../_shared/jobs/messageJobs.ts'
import { recordSyncJob, recordSyncKey, roomSyncJob } from '../_shared/jobs/sessionJobs.ts'
import type { JobRequest, Outbox } from '../_shared/outbox/outbox.ts'
import { linkPeople, memberMatchesAttendee } from '../_shared/sessions/linkPeople.ts'
import type { SessionRepository, SessionRow } from '../_shared/sessions/sessionRepository.ts'
import type { Directory } from '../_shared/store/directory.ts'

export interface CalcomProcessorDeps {
  sql: Sql
  sessions: SessionRepository
  directory: Directory
  outbox: Outbox
  /** A member's cancellation at least this long before the start returns the credit. */
  cancellationCutoffHours: number
}

/**
 * Where a booking becomes a session: folds one recorded Cal.com delivery into its session and,
 * in the same transaction, settles the paid session it uses and queues the room job (which
 * queues the record) and the SMS the change calls for. Safe to run any number of times on the same delivery: the fold is
 * idempotent, the credit is decided once, and the jobs coalesce.
 */
export function createCalcomProcessor(deps: CalcomProcessorDeps): InboxProcessor {
  return {
    async process(delivery) {
      const parsed = parseCalcomDelivery(jsonOf(delivery.rawBody))
      if (parsed.kind === 'ignored') return { outcome: 'ignored', reason: notHandledReason(parsed.trigger) }
      if (parsed.kind === 'invalid') return { outcome: 'failed', error: new UnprocessableError(parsed.reason) }
      const event = parsed.event
      try {
        // Who is who, looked up before the transaction (never await another service inside one).
        const links = await linkPeople(deps.directory, event)
        const buyerId = await buyerOfClaim(deps.sql, event.claimedSessionId)
        const buyer = buyerId ? await deps.directory.getMember(buyerId) : null
        const attendeeIsBuyer = buyer !== null && memberMatchesAttendee(buyer, event.attendee)
        const bookingIds = event.previousBookingId ? [event.bookingId, event.previousBookingId] : [event.bookingId]
        let before: BookingState | null = null
        await deps.sessions.apply(
          bookingIds,
          (state) => {
            before = state
            return applyBookingEvent(state, event, links)
          },
          async (tx, session, changed, absorbedIds) => {
            // Linked in the fold's transaction, so a merge that moves a session's deliveries moves this one too.
            await tx`update webhook_deliveries set session_id = ${session.id} where id = ${delivery.id}`
            const credit = await settleCredit(tx, session, {
              trigger: event.trigger,
              claimedSessionId: event.claimedSessionId,
              attendeeIsBuyer,
              cutoffHours: deps.cancellationCutoffHours,
              receivedAt: delivery.receivedAt,
            })
            const jobs: JobRequest[] = credit.paidSessionIds.map(recordSyncJob)
            // Always through the room job, which queues the record after it: whether the room must
            // change depends on what a room job running right now is about to record.
            if (changed) jobs.push(roomSyncJob(session.id))
            // Ids that keep no record now: their sync removes the record under them, after any sync of theirs still running.
            const stale = [...absorbedIds, ...(credit.movedOntoPaidSession ? [session.id] : [])]
            for (const id of await everSynced(tx, stale)) jobs.push(recordSyncJob(id))
            if (changed) jobs.push(...(await bookingSms(tx, session, before)))
            if (jobs.length > 0) await deps.outbox.enqueue(tx, jobs)
          },
        )
        return { outcome: 'processed' }
      } catch (error) {
        return { outcome: 'failed', error }
      }
    },
  }
}

/**
 * The SMS a change of a paid session's booking calls for (booked, moved, cancelled), queued with
 * the change. Keyed by the start each announces, so a replayed delivery queues nothing new.
 */
async function bookingSms(tx: Queryable, session: SessionRow, before: BookingState | null): Promise<JobRequest[]> {
  const [row] = await tx<{ paid: boolean }[]>`select paid_session_id is not null as paid from sessions where id = ${session.id}`
  if (!row?.paid) return []
  const people = { id: session.id, hostId: session.state.hostId, memberId: session.state.memberId }
  return bookingMessagesFor(before, session.state).flatMap((message) => {
    const job = sessionSms(message.kind, people, message.role, message.start, message.previousStart ? { previousStart: message.previousStart } : {})
    return job ? [job] : []
  })
}

/** Of these sessions, the ones that may have a record of their own: a record job was ever queued for them. */
async function everSynced(tx: Queryable, sessionIds: string[]): Promise<string[]> {
  if (sessionIds.length === 0) return []
  const rows = await tx<{ key: string }[]>`
    select idempotency_key as key from outbox_jobs where idempotency_key = any(${sessionIds.map(recordSyncKey)}::text[])`
  return sessionIds.filter((id) => rows.some((row) => row.key === recordSyncKey(id)))
}
