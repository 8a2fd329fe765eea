import { toOperationRecord, type SessionFeedback } from '../../../../shared/sessions/toOperationRecord.ts'
import type { SessionRow } from '../sessions/sessionRepository.ts'
import { describeError, isRetryable } from '../errors.ts'
import type { PipelineDeps } from './deps.ts'
import { syncRoom, type RoomOutcome } from './syncRoom.ts'

/** Long enough for a slow provider call with retries; a crashed worker frees it after this. */
const LEASE_MS = 120_000

export function feedbackOf(session: SessionRow): SessionFeedback {
  return {
    hostJoined: session.hostJoinedAt !== null,
    memberJoined: session.memberJoinedAt !== null,
    hostRating: session.hostRating,
    hostComment: session.hostComment,
    memberRating: session.memberRating,
    memberComment: session.memberComment,
  }
}

export type SyncResult = { outcome: 'synced' | 'busy' } | { outcome: 'failed'; error: string; retryable: boolean }

/**
 * Makes the room and the Presence Operations record match the session's latest state. One
 * worker per session at a time (the lease); a worker keeps going while new versions arrive, so
 * events landing mid-sync are never left behind. Provider calls happen outside any transaction.
 */
export async function syncSession(deps: PipelineDeps, sessionId: string): Promise<SyncResult> {
  let session = await deps.sessions.claim(sessionId, deps.workerId, LEASE_MS)
  if (!session) return { outcome: 'busy' }
  for (;;) {
    const version = session.stateVersion
    let roomError: unknown
    let room: RoomOutcome | null = null
    try {
      for (const orphan of await deps.sessions.orphanRooms(session.id)) {
        await deps.rooms.deleteRoom(orphan)
        await deps.sessions.forgetOrphanRoom(orphan)
      }
      room = await syncRoom(deps.rooms, session, session.state)
      if (room) await deps.sessions.recordRoom(session.id, deps.workerId, room)
    } catch (error) {
      roomError = error
    }
    try {
      // The record is written even when the room failed, so operators see "Not Created".
      const roomView = room ?? { status: session.roomStatus, url: session.roomUrl }
      await deps.store.save([toOperationRecord(session.state, { ...roomView, name: session.roomName }, deps.calAppUrl, feedbackOf(session))])
      if (roomError) throw roomError
    } catch (error) {
      const message = describeError(error)
      await deps.sessions.failSync(session.id, deps.workerId, message)
      await deps.ledger.markAttemptFailed(await deps.ledger.pendingIdsForSession(session.id), message, isRetryable(error))
      deps.log.log('warn', 'session sync failed', { sessionId, bookingUid: session.state.uid, error: message })
      return { outcome: 'failed', error: message, retryable: isRetryable(error) }
    }
    const { released } = await deps.sessions.finishSync(session.id, deps.workerId, version)
    await deps.ledger.markSessionProcessed(session.id, version)
    if (released) return { outcome: 'synced' }
    const next = await deps.sessions.get(session.id)
    if (!next) return { outcome: 'synced' }
    session = next
  }
}
