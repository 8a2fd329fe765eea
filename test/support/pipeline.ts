import { createCalcomWebhookHandler } from '../../supabase/functions/calcom-webhook-handler/handler.ts'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { createDeliveryLedger } from '../../supabase/functions/_shared/ledger/deliveries.ts'
import type { PipelineDeps } from '../../supabase/functions/_shared/pipeline/deps.ts'
import { processCalcomDelivery } from '../../supabase/functions/_shared/pipeline/processCalcomDelivery.ts'
import { createLocalRoomProvider } from '../../supabase/functions/_shared/rooms/local/localRooms.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createSessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createPostgresOperationsStore } from '../../supabase/functions/_shared/store/postgres/operationsStore.ts'
import type { TestDatabase } from './database.ts'

export const TEST_CALCOM_SECRET = 'test-calcom-secret'

/** The real pipeline on a test database: Postgres store and directory, local rooms. */
export function createTestPipeline(db: TestDatabase, overrides: Partial<PipelineDeps> = {}): PipelineDeps {
  return {
    ledger: createDeliveryLedger(db.sql),
    sessions: createSessionRepository(db.sql),
    store: createPostgresOperationsStore(db.sql),
    directory: createPostgresDirectory(db.sql),
    rooms: createLocalRoomProvider({ sql: db.sql, baseUrl: 'http://127.0.0.1:54321/local-daily', signingKey: 'test-room-key' }),
    log: silentLogger,
    calAppUrl: 'https://app.cal.com',
    workerId: crypto.randomUUID(),
    ...overrides,
  }
}

/**
 * The webhook handler as deployed, except that background work is collected so a test can
 * wait for it (`settle`), or dropped to stand for a crash after the acknowledgement.
 */
export function createTestWebhook(deps: PipelineDeps, options: { dieAfterAnswering?: boolean } = {}) {
  const background: Promise<unknown>[] = []
  const handler = createCalcomWebhookHandler({
    secret: TEST_CALCOM_SECRET,
    ledger: deps.ledger,
    // A process that dies right after answering never gets to act on the delivery.
    process: options.dieAfterAnswering ? async () => undefined : (id) => processCalcomDelivery(deps, id),
    waitUntil: (work) => background.push(work),
    log: silentLogger,
  })
  return {
    handler,
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
    async settle(): Promise<void> {
      while (background.length > 0) await Promise.all(background.splice(0))
    },
  }
}
