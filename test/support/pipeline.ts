import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { createCalcomProcessor } from '../../supabase/functions/calcom-webhook-handler/processor.ts'
import { createCalcomWebhookHandler } from '../../supabase/functions/calcom-webhook-handler/handler.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import type { ProcessorTable } from '../../supabase/functions/_shared/inbox/processor.ts'
import { createPaidSessionRepository } from '../../supabase/functions/_shared/credits/paidSessionRepository.ts'
import { SESSION_JOB_KINDS } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import { createMessageStates } from '../../supabase/functions/_shared/messages/messageStates.ts'
import { createSyncRecordJob } from '../../supabase/functions/_shared/jobs/syncRecordJob.ts'
import { createSyncRoomJob } from '../../supabase/functions/_shared/jobs/syncRoomJob.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { defaultPolicy, type RetryPolicy } from '../../supabase/functions/_shared/retry/retryPolicy.ts'
import { createLocalRoomProvider } from '../../supabase/functions/_shared/rooms/local/localRooms.ts'
import type { RoomProvider } from '../../supabase/functions/_shared/rooms/roomProvider.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createSessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import type { Directory } from '../../supabase/functions/_shared/store/directory.ts'
import type { OperationsStore } from '../../supabase/functions/_shared/store/operationsStore.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createPostgresOperationsStore } from '../../supabase/functions/_shared/store/postgres/operationsStore.ts'
import { createWorker } from '../../supabase/functions/_shared/worker/worker.ts'
import type { TestDatabase } from './database.ts'

export const TEST_CALCOM_SECRET = 'test-calcom-secret'

export interface TestAdapters {
  store?: OperationsStore
  storeRetry?: RetryPolicy
  directory?: Directory
  rooms?: RoomProvider
  roomsRetry?: RetryPolicy
  /** Merged over the Cal.com processor, which every test pipeline has. */
  processors?: ProcessorTable
  workerId?: string
  leaseMs?: number
  /** Deliveries and jobs one worker runs at once (a worker claims up to half of it in deliveries). */
  concurrency?: number
  /** CANCELLATION_CUTOFF_HOURS; 24 unless a test says. */
  cancellationCutoffHours?: number
}

/** Retry everything retryable, a few times, soon: tests move the clock by rewriting due times. */
const TEST_RETRY = defaultPolicy({ maxAttempts: 5, baseMs: 1_000, maxMs: 60_000 })

/**
 * The real pipeline on a test database: inbox, Cal.com processor, outbox, the session jobs and
 * one worker, on the Postgres store and directory and local rooms unless a test passes others.
 */
export function createTestPipeline(db: TestDatabase, adapters: TestAdapters = {}) {
  const inbox = createInbox(db.sql)
  const outbox = createOutbox(db.sql)
  const sessions = createSessionRepository(db.sql)
  const paidSessions = createPaidSessionRepository(db.sql)
  const store = adapters.store ?? createPostgresOperationsStore(db.sql)
  const directory = adapters.directory ?? createPostgresDirectory(db.sql)
  const rooms = adapters.rooms ?? createLocalRoomProvider({ sql: db.sql, baseUrl: 'http://127.0.0.1:54321/local-daily', signingKey: 'test-room-key' })
  const cancellationCutoffHours = adapters.cancellationCutoffHours ?? 24
  // Cal.com's processor always; a test adds (or replaces) others.
  const processors = { calcom: createCalcomProcessor({ sql: db.sql, sessions, directory, outbox, cancellationCutoffHours }), ...adapters.processors }
  const storeRetry = adapters.storeRetry ?? TEST_RETRY
  const jobs = {
    [SESSION_JOB_KINDS.room]: createSyncRoomJob({ sql: db.sql, sessions, rooms, roomsRetry: adapters.roomsRetry ?? TEST_RETRY, outbox }),
    [SESSION_JOB_KINDS.record]: createSyncRecordJob({ sql: db.sql, outbox, sessions, paidSessions, store, storeRetry, calAppUrl: 'https://app.cal.com', messageFields: createMessageStates(db.sql).recordFields }),
  }
  const worker = createWorker({
    inbox,
    outbox,
    processors,
    jobs,
    log: silentLogger,
    workerId: adapters.workerId ?? crypto.randomUUID(),
    leaseMs: adapters.leaseMs,
    concurrency: adapters.concurrency,
  })
  return { sql: db.sql, inbox, outbox, sessions, paidSessions, store, directory, rooms, processors, jobs, worker }
}

export type TestPipeline = ReturnType<typeof createTestPipeline>

/** Moves every retry time into the past, as if the backoff had elapsed. */
export async function letBackoffElapse(db: TestDatabase): Promise<void> {
  await db.sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second' where status = 'pending'`
  await db.sql`update outbox_jobs set next_attempt_at = now() - interval '1 second' where status = 'pending'`
}

/** The webhook handler as deployed; `settle` runs the worker until nothing is due. */
export function createTestWebhook(pipeline: TestPipeline) {
  let wakes = 0
  const handler = createCalcomWebhookHandler({ secret: TEST_CALCOM_SECRET, inbox: pipeline.inbox, wake: () => wakes++, log: silentLogger })
  return {
    handler,
    wakes: () => wakes,
    async send(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
      const raw = typeof body === 'string' ? body : JSON.stringify(body)
      return handler(
        new Request('http://localhost/functions/v1/calcom-webhook-handler', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-cal-signature-256': await signCalcomBody(TEST_CALCOM_SECRET, raw), ...headers },
          body: raw,
        }),
      )
    },
    settle: () => pipeline.worker.runUntilIdle(),
  }
}
