import { ROOM_OPENS_BEFORE_START_MS } from '../../../../shared/domain/sessionTimes.ts'
import type { PipelineDeps } from './deps.ts'
import { processCalcomDelivery } from './processCalcomDelivery.ts'
import { syncSession } from './syncSession.ts'

/** Deliveries younger than this are still being handled by the request that received them. */
const IN_FLIGHT_GRACE_MS = 5_000

export interface RecoverySummary {
  deliveries: number
  processed: number
  sessions: number
}

/**
 * Picks up what a crash or an outage left behind: pending deliveries whose retry time has come,
 * then sessions with unsynced changes. Runs on start and on a schedule.
 */
export async function retryPendingWork(deps: PipelineDeps, options: { limit?: number; now?: Date } = {}): Promise<RecoverySummary> {
  const limit = options.limit ?? 200
  const now = options.now ?? new Date()
  const due = await deps.ledger.dueForRetry({ receivedBefore: new Date(now.getTime() - IN_FLIGHT_GRACE_MS), limit })
  let processed = 0
  for (const id of due) {
    const result = await processCalcomDelivery(deps, id)
    if (result.outcome === 'done' || result.outcome === 'already-done') processed++
  }
  const sessions = await deps.sessions.dueForSync(limit)
  for (const id of sessions) await syncSession(deps, id)
  return { deliveries: due.length, processed, sessions: sessions.length }
}

/** Every booked session starting within 15 minutes that has no room yet gets one now. */
export async function sweepMissingRooms(deps: PipelineDeps, options: { now?: Date; limit?: number } = {}): Promise<{ checked: number; created: number; failed: number }> {
  const now = options.now ?? new Date()
  const ids = await deps.sessions.missingRooms(new Date(now.getTime() + ROOM_OPENS_BEFORE_START_MS), options.limit ?? 200)
  let created = 0
  let failed = 0
  for (const id of ids) {
    await deps.sessions.requestSync(id)
    const result = await syncSession(deps, id)
    if (result.outcome === 'failed') failed++
    else created++
  }
  return { checked: ids.length, created, failed }
}
