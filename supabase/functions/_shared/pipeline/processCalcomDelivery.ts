import { parseCalcomDelivery } from '../../../../shared/calcom/payload.ts'
import { applyBookingEvent } from '../../../../shared/sessions/applyBookingEvent.ts'
import { describeError, isRetryable } from '../errors.ts'
import { SessionBusyError } from '../sessions/sessionRepository.ts'
import type { PipelineDeps } from './deps.ts'
import { linkPeople } from './linkPeople.ts'
import { syncSession, type SyncResult } from './syncSession.ts'

export type ProcessResult =
  | { outcome: 'done' | 'already-done' | 'ignored' | 'queued' }
  | { outcome: 'failed'; error: string; retryable: boolean }

/**
 * Acts on one recorded Cal.com delivery: folds it into its session, then syncs the room and the
 * Presence Operations record. Safe to run any number of times, from the webhook, the retry
 * sweep or an operator's `events retry`: the ledger row is the only input.
 */
export async function processCalcomDelivery(deps: PipelineDeps, deliveryId: number): Promise<ProcessResult> {
  const delivery = await deps.ledger.get(deliveryId)
  if (!delivery) return { outcome: 'failed', error: `no delivery ${deliveryId}`, retryable: false }
  if (delivery.status === 'processed') return { outcome: 'already-done' }
  if (delivery.status === 'ignored') return { outcome: 'ignored' }

  const parsed = parseCalcomDelivery(safeJson(delivery.rawBody))
  if (parsed.kind !== 'event') {
    const error = parsed.kind === 'invalid' ? parsed.reason : `trigger ${parsed.trigger} is not handled`
    await deps.ledger.markAttemptFailed([deliveryId], error, false)
    return { outcome: 'failed', error, retryable: false }
  }
  const event = parsed.event

  let sessionId: string
  try {
    const links = await linkPeople(deps.directory, event)
    const uids = event.previousUid ? [event.uid, event.previousUid] : [event.uid]
    const { session } = await applyWhenFree(() => deps.sessions.apply(uids, (state) => applyBookingEvent(state, event, links), { deliveryId }))
    sessionId = session.id
  } catch (error) {
    const message = describeError(error)
    await deps.ledger.markAttemptFailed([deliveryId], message, isRetryable(error))
    deps.log.log('warn', 'delivery could not be applied', { deliveryId, bookingUid: event.uid, error: message })
    return { outcome: 'failed', error: message, retryable: isRetryable(error) }
  }

  const sync: SyncResult = await syncSession(deps, sessionId)
  if (sync.outcome === 'failed') return sync
  // Nothing left to sync means an earlier run already made this version visible.
  const after = await deps.ledger.get(deliveryId)
  if (after?.status === 'pending' && sync.outcome === 'busy') {
    const session = await deps.sessions.get(sessionId)
    if (session && session.syncedVersion >= session.stateVersion) {
      await deps.ledger.markProcessed(deliveryId)
      return { outcome: 'done' }
    }
    return { outcome: 'queued' }
  }
  return { outcome: 'done' }
}

/** A merge waits for other workers' syncs (a second or so) before leaving it to the retry sweep. */
async function applyWhenFree<T>(apply: () => Promise<T>, tries = 50, pauseMs = 100): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await apply()
    } catch (error) {
      if (!(error instanceof SessionBusyError) || attempt >= tries) throw error
      await new Promise((resolve) => setTimeout(resolve, pauseMs))
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
