import { createSyncRecordJob } from '../../jobs/syncRecordJob.ts'
import { createSyncRoomJob } from '../../jobs/syncRoomJob.ts'
import type { JobHandler } from '../../jobs/jobHandler.ts'
import { SESSION_JOB_KINDS } from '../../jobs/sessionJobs.ts'
import type { Runtime } from '../runtime.ts'
import { paidSessionsOf } from './credits.ts'
import { roomsOf } from './rooms.ts'
import { outboxOf, sessionsOf } from './sessions.ts'
import { messageStatesOf } from './messageStates.ts'
import { storeOf } from './store.ts'

export function roomJobOf(rt: Runtime): Record<string, JobHandler> {
  const { rooms, retry } = roomsOf(rt)
  return {
    [SESSION_JOB_KINDS.room]: createSyncRoomJob({ sql: rt.sql, sessions: sessionsOf(rt), rooms, roomsRetry: retry, outbox: outboxOf(rt) }),
  }
}

export function recordJobOf(rt: Runtime): Record<string, JobHandler> {
  const { store, retry } = storeOf(rt)
  return {
    [SESSION_JOB_KINDS.record]: createSyncRecordJob({
      sql: rt.sql,
      outbox: outboxOf(rt),
      sessions: sessionsOf(rt),
      paidSessions: paidSessionsOf(rt),
      store,
      storeRetry: retry,
      calAppUrl: rt.config.calcom.appUrl,
      messageFields: messageStatesOf(rt).recordFields,
    }),
  }
}
