import { beforeEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
import { processCalcomDelivery } from '../../supabase/functions/_shared/pipeline/processCalcomDelivery.ts'
import { retryPendingWork } from '../../supabase/functions/_shared/pipeline/recover.ts'
import type { RoomProvider } from '../../supabase/functions/_shared/rooms/roomProvider.ts'
import type { OperationsStore } from '../../supabase/functions/_shared/store/operationsStore.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook } from '../support/pipeline.ts'

const db = useTestDatabase()

/** Wraps a real adapter so its next calls fail the way a provider outage does. */
function faulty<T extends object>(real: T, methods: (keyof T)[]) {
  const state = { failures: 0, error: new ProviderError('daily', 'HTTP 503: service unavailable', true, 503) as Error }
  const wrapped = new Proxy(real, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || !methods.includes(property as keyof T)) return value
      return async (...args: unknown[]) => {
        if (state.failures > 0) {
          state.failures--
          throw state.error
        }
        return value.apply(target, args)
      }
    },
  })
  return { wrapped, state }
}

/** Moves every retry time into the past, as if the backoff had elapsed. */
async function letBackoffElapse() {
  await db.sql`update webhook_deliveries set next_attempt_at = now() - interval '1 second', received_at = received_at - interval '1 minute'`
  await db.sql`update sessions set next_sync_at = now() - interval '1 second'`
}

describe('faults lose nothing and can be retried', () => {
  beforeEach(() => db.reset())

  it('a room provider outage leaves Not Created and a pending delivery, and the retry sweep finishes it', async () => {
    const base = createTestPipeline(db)
    const rooms = faulty<RoomProvider>(base.rooms, ['ensureRoom'])
    const pipeline = { ...base, rooms: rooms.wrapped }
    const webhook = createTestWebhook(pipeline)
    rooms.state.failures = 1

    const response = await webhook.send(calcomEvents.created({ uid: 'bk-outage', ...sessionTimes(60) }))
    expect(response.status).toBe(200)
    await webhook.settle()

    expect(await pipeline.store.get('bk-outage')).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Not Created', roomUrl: null })
    const [waiting] = await pipeline.ledger.list()
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'daily: HTTP 503: service unavailable' })

    await letBackoffElapse()
    const summary = await retryPendingWork(pipeline)
    expect(summary.processed).toBe(1)
    expect(await pipeline.store.get('bk-outage')).toMatchObject({ roomStatus: 'Active' })
    expect((await pipeline.ledger.list())[0]?.status).toBe('processed')
  })

  it('an Airtable-style store outage keeps the delivery pending until the store is back', async () => {
    const base = createTestPipeline(db)
    const store = faulty<OperationsStore>(base.store, ['save'])
    store.state.error = new ProviderError('airtable', 'HTTP 429: rate limited', true, 429)
    store.state.failures = 2
    const pipeline = { ...base, store: store.wrapped }
    const webhook = createTestWebhook(pipeline)

    await webhook.send(calcomEvents.created({ uid: 'bk-store-down', ...sessionTimes(60) }))
    await webhook.settle()
    expect(await base.store.get('bk-store-down')).toBeNull()
    expect((await pipeline.ledger.list())[0]).toMatchObject({ status: 'pending', attempts: 1 })

    await letBackoffElapse()
    await retryPendingWork(pipeline)
    expect((await pipeline.ledger.list())[0]).toMatchObject({ status: 'pending', attempts: 2 })

    await letBackoffElapse()
    await retryPendingWork(pipeline)
    expect(await base.store.get('bk-store-down')).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Active' })
    expect((await pipeline.ledger.list())[0]?.status).toBe('processed')
    expect(await db.sql`select 1 from local_rooms`).toHaveLength(1)
  })

  it('a permanent provider error fails the delivery at once with its reason; an operator retry after the fix succeeds', async () => {
    const base = createTestPipeline(db)
    const rooms = faulty<RoomProvider>(base.rooms, ['ensureRoom'])
    rooms.state.error = new ProviderError('daily', 'HTTP 401: authentication-error', false, 401)
    rooms.state.failures = 1
    const pipeline = { ...base, rooms: rooms.wrapped }
    const webhook = createTestWebhook(pipeline)

    await webhook.send(calcomEvents.created({ uid: 'bk-bad-key', ...sessionTimes(60) }))
    await webhook.settle()
    const [failed] = await pipeline.ledger.list()
    expect(failed).toMatchObject({ status: 'failed', lastError: 'daily: HTTP 401: authentication-error' })

    await pipeline.ledger.requeue([failed!.id])
    expect(await processCalcomDelivery(pipeline, failed!.id)).toEqual({ outcome: 'done' })
    expect(await pipeline.store.get('bk-bad-key')).toMatchObject({ roomStatus: 'Active' })
  })

  it('gives up after the attempt limit and marks the delivery failed with the last error', async () => {
    const base = createTestPipeline(db)
    const rooms = faulty<RoomProvider>(base.rooms, ['ensureRoom'])
    rooms.state.failures = 1000
    const pipeline = { ...base, rooms: rooms.wrapped }
    const webhook = createTestWebhook(pipeline)
    await webhook.send(calcomEvents.created({ uid: 'bk-forever-down', ...sessionTimes(60) }))
    await webhook.settle()
    for (let i = 0; i < 10; i++) {
      await letBackoffElapse()
      await retryPendingWork(pipeline)
    }
    expect((await pipeline.ledger.list())[0]).toMatchObject({ status: 'failed', attempts: 8, lastError: 'daily: HTTP 503: service unavailable' })
    expect(await pipeline.store.get('bk-forever-down')).toMatchObject({ roomStatus: 'Not Created' })
  })

  it('a process that dies after recording (before acting) loses nothing: the sweep acts on the ledger row', async () => {
    const pipeline = createTestPipeline(db)
    const webhook = createTestWebhook(pipeline, { dieAfterAnswering: true })
    expect((await webhook.send(calcomEvents.created({ uid: 'bk-crash', ...sessionTimes(60) }))).status).toBe(200)
    await webhook.settle()
    expect(await pipeline.store.get('bk-crash')).toBeNull()
    expect((await pipeline.ledger.list())[0]?.status).toBe('pending')

    expect((await retryPendingWork(pipeline)).deliveries).toBe(0)
    await letBackoffElapse()
    const summary = await retryPendingWork(pipeline)
    expect(summary).toMatchObject({ deliveries: 1, processed: 1 })
    expect(await pipeline.store.get('bk-crash')).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Active' })
  })

  it('a worker that dies holding a session lease holds it only until the lease expires', async () => {
    const pipeline = createTestPipeline(db)
    const webhook = createTestWebhook(pipeline)
    await webhook.send(calcomEvents.created({ uid: 'bk-lease', ...sessionTimes(60) }))
    await webhook.settle()
    await db.sql`update sessions set state_version = state_version + 1, lease_owner = 'dead-worker', lease_until = now() + interval '1 minute'`
    expect((await retryPendingWork(pipeline)).sessions).toBe(0)

    await db.sql`update sessions set lease_until = now() - interval '1 second'`
    expect((await retryPendingWork(pipeline)).sessions).toBe(1)
    const [session] = await db.sql`select synced_version, state_version, lease_owner from sessions`
    expect(session).toMatchObject({ lease_owner: null })
    expect(session?.synced_version).toBe(session?.state_version)
  })
})
