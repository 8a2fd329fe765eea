import { createInbox, type Inbox } from '../../inbox/inbox.ts'
import { recordSyncJob } from '../../jobs/sessionJobs.ts'
import { createOutbox, type Outbox } from '../../outbox/outbox.ts'
import { createSessionRepository, type SessionRepository } from '../../sessions/sessionRepository.ts'
import { memoised, type Runtime } from '../runtime.ts'

export function inboxOf(rt: Runtime): Inbox {
  return memoised(rt, 'inbox', () => createInbox(rt.sql))
}

export function outboxOf(rt: Runtime): Outbox {
  return memoised(rt, 'outbox', () => createOutbox(rt.sql))
}

export function sessionsOf(rt: Runtime): SessionRepository {
  return memoised(rt, 'sessions', () => createSessionRepository(rt.sql))
}

/** Queues a record sync (a join or a rating to show) and wakes the worker. */
export function requestRecordSync(rt: Runtime): (sessionId: string) => void {
  return (recordId) =>
    rt.waitUntil(
      outboxOf(rt)
        .enqueue(rt.sql, [recordSyncJob(recordId)])
        .then(() => rt.wake()),
    )
}
