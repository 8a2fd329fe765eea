import { toOperationRecord } from '../../../../shared/sessions/toOperationRecord.ts'
import type { RetryPolicy } from '../retry/retryPolicy.ts'
import type { SessionRepository, SessionRow } from '../sessions/sessionRepository.ts'
import type { OperationsStore } from '../store/operationsStore.ts'
import type { JobHandler } from './jobHandler.ts'
import { sessionIdOf } from './sessionJobs.ts'

export interface SyncRecordJobDeps {
  sessions: SessionRepository
  store: OperationsStore
  /** The store's own policy (Airtable's 30 s after a 429, or Postgres's). */
  storeRetry: RetryPolicy
  calAppUrl: string
}

/** `record.sync`: writes the session's Presence Operations record as the session is now. */
export function createSyncRecordJob(deps: SyncRecordJobDeps): JobHandler {
  return {
    retry: deps.storeRetry,
    async run(job) {
      const session = await deps.sessions.get(sessionIdOf(job.payload))
      // Merged into another session: the survivor's record replaces this one's.
      if (!session) return
      await deps.store.save([recordOf(session, deps.calAppUrl)])
    },
  }
}

export function recordOf(session: SessionRow, calAppUrl: string) {
  return toOperationRecord(session.state, { status: session.roomStatus, url: session.roomUrl, name: session.roomName }, calAppUrl, {
    hostJoined: session.hostJoinedAt !== null,
    memberJoined: session.memberJoinedAt !== null,
    hostRating: session.hostRating,
    hostComment: session.hostComment,
    memberRating: session.memberRating,
    memberComment: session.memberComment,
  })
}
