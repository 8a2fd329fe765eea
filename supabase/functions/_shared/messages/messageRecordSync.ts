import type { Sql } from '../db/connect.ts'
import type { JobHandler } from '../jobs/jobHandler.ts'
import { recordSyncJob } from '../jobs/sessionJobs.ts'
import type { Job, Outbox } from '../outbox/outbox.ts'
import type { MessageStates } from './messageStates.ts'

export interface MessageRecordSyncDeps {
  sql: Sql
  outbox: Pick<Outbox, 'enqueue'>
  states: Pick<MessageStates, 'recordIdOf'>
}

/**
 * Keeps the record's SMS fields current: whenever a message about a session changes (its send ran,
 * or Twilio reported a delivery state) that session's record is synced again. `record.sync` runs
 * `latest`, so a burst of changes costs one more write at most.
 */
export function createMessageRecordSync(deps: MessageRecordSyncDeps) {
  async function syncRecord(recordId: string | null): Promise<void> {
    if (recordId) await deps.outbox.enqueue(deps.sql, [recordSyncJob(recordId)])
  }
  const syncSession = async (sessionId: string | null) => syncRecord(sessionId && (await deps.states.recordIdOf({ sessionId })))

  return {
    /** After a Twilio status callback moved the message with this sid. */
    afterDelivery: async (sid: string) => syncRecord(await deps.states.recordIdOf({ sid })),

    /** The `sms.send` handler, queuing its session's record sync after every attempt, however it ended. */
    around(handler: JobHandler): JobHandler {
      const sessionOf = (job: Job) => (typeof job.payload.sessionId === 'string' && job.payload.sessionId !== '' ? job.payload.sessionId : null)
      return {
        retry: handler.retry,
        async run(job) {
          try {
            await handler.run(job)
          } catch (error) {
            // The attempt's own error decides its retry; a sync that cannot be queued now is queued by the next attempt.
            await syncSession(sessionOf(job)).catch(() => undefined)
            throw error
          }
          await syncSession(sessionOf(job))
        },
      }
    },
  }
}

export type MessageRecordSync = ReturnType<typeof createMessageRecordSync>
