import { notHandledReason, parseCalcomDelivery } from '../../../shared/calcom/payload.ts'
import { applyBookingEvent } from '../../../shared/sessions/applyBookingEvent.ts'
import type { Sql } from '../_shared/db/connect.ts'
import { UnprocessableError } from '../_shared/errors.ts'
import type { InboxProcessor } from '../_shared/inbox/processor.ts'
import { roomSyncJob } from '../_shared/jobs/sessionJobs.ts'
import type { Outbox } from '../_shared/outbox/outbox.ts'
import { linkPeople } from '../_shared/sessions/linkPeople.ts'
import type { SessionRepository } from '../_shared/sessions/sessionRepository.ts'
import type { Directory } from '../_shared/store/directory.ts'

export interface CalcomProcessorDeps {
  sql: Sql
  sessions: SessionRepository
  directory: Directory
  outbox: Outbox
}

/**
 * Where a booking becomes a session: folds one recorded Cal.com delivery into its session and,
 * in the same transaction, queues the room job (which queues the record). Safe to run any
 * number of times on the same delivery: the fold is idempotent and the jobs coalesce.
 */
export function createCalcomProcessor(deps: CalcomProcessorDeps): InboxProcessor {
  return {
    async process(delivery) {
      const parsed = parseCalcomDelivery(safeJson(delivery.rawBody))
      if (parsed.kind === 'ignored') return { outcome: 'ignored', reason: notHandledReason(parsed.trigger) }
      if (parsed.kind === 'invalid') return { outcome: 'failed', error: new UnprocessableError(parsed.reason) }
      const event = parsed.event
      try {
        const links = await linkPeople(deps.directory, event)
        const bookingIds = event.previousBookingId ? [event.bookingId, event.previousBookingId] : [event.bookingId]
        await deps.sessions.apply(
          bookingIds,
          (state) => applyBookingEvent(state, event, links),
          async (tx, session, changed) => {
            // Linked in the fold's transaction, so a merge that moves a session's deliveries moves this one too.
            await tx`update webhook_deliveries set session_id = ${session.id} where id = ${delivery.id}`
            // Always through the room job, which queues the record after it: whether the room must
            // change depends on what a room job running right now is about to record.
            if (changed) await deps.outbox.enqueue(tx, [roomSyncJob(session.id)])
          },
        )
        return { outcome: 'processed' }
      } catch (error) {
        return { outcome: 'failed', error }
      }
    },
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
