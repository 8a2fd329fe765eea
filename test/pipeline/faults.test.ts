import { beforeEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
import type { RoomProvider } from '../../supabase/functions/_shared/rooms/roomProvider.ts'
import type { OperationsStore } from '../../supabase/functions/_shared/store/operationsStore.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook, letBackoffElapse } from '../support/pipeline.ts'

const db = useTestDatabase()

/** Wraps a real adapter so its next calls fail the way a provider outage does, and counts calls. */
function faulty<T extends object>(real: T, methods: (keyof T)[]) {
  const state = { failures: 0, calls: 0, error: new ProviderError('daily', 'HTTP 503: service unavailable', true, 503) as Error }
  const wrapped = new Proxy(real, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || !methods.includes(property as keyof T)) return value
      return async (...args: unknown[]) => {
        state.calls++
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

async function jobsOf(kind: string) {
  return db.sql<{ status: string; attempts: number; last_error: string | null }[]>`
    select status, attempts, last_error from outbox_jobs where kind = ${kind}`
}

describe('faults lose nothing, double nothing, and can be retried', () => {
  beforeEach(() => db.reset())

  it('a room provider outage shows Not Created, retries with backoff, and makes the room once when Daily is back', async () => {
    const plain = createTestPipeline(db)
    const rooms = faulty<RoomProvider>(plain.rooms, ['ensureRoom'])
    rooms.state.failures = 1
    const pipeline = createTestPipeline(db, { rooms: rooms.wrapped })
    const webhook = createTestWebhook(pipeline)

    expect((await webhook.send(calcomEvents.created({ uid: 'bk-outage', ...sessionTimes(60) }))).status).toBe(200)
    await webhook.settle()

    // The booking is safe and visible; only the room waits.
    expect(await pipeline.store.findByBookingId('bk-outage')).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Not Created', roomUrl: null })
    expect((await pipeline.inbox.list())[0]).toMatchObject({ status: 'processed' })
    expect(await jobsOf('room.sync')).toEqual([{ status: 'pending', attempts: 1, last_error: 'daily: HTTP 503: service unavailable' }])
    // Not due yet: running the worker again does not hammer the provider.
    await webhook.settle()
    expect(rooms.state.calls).toBe(1)

    await letBackoffElapse(db)
    await webhook.settle()
    expect(await pipeline.store.findByBookingId('bk-outage')).toMatchObject({ roomStatus: 'Active' })
    expect(await jobsOf('room.sync')).toEqual([{ status: 'done', attempts: 0, last_error: null }])
    expect(rooms.state.calls).toBe(2)
    expect(await db.sql`select 1 from local_rooms`).toHaveLength(1)

    await letBackoffElapse(db)
    await webhook.settle()
    expect(rooms.state.calls).toBe(2)
  })

  it('an Airtable-style store outage keeps the record job waiting until the store is back, then writes it once', async () => {
    const plain = createTestPipeline(db)
    const store = faulty<OperationsStore>(plain.store, ['save'])
    store.state.error = new ProviderError('airtable', 'HTTP 429: rate limited', true, 429)
    store.state.failures = 2
    const pipeline = createTestPipeline(db, { store: store.wrapped })
    const webhook = createTestWebhook(pipeline)

    await webhook.send(calcomEvents.created({ uid: 'bk-store-down', ...sessionTimes(60) }))
    await webhook.settle()
    expect(await plain.store.findByBookingId('bk-store-down')).toBeNull()
    expect(await jobsOf('record.sync')).toEqual([{ status: 'pending', attempts: 1, last_error: 'airtable: HTTP 429: rate limited' }])

    await letBackoffElapse(db)
    await webhook.settle()
    expect(await jobsOf('record.sync')).toMatchObject([{ status: 'pending', attempts: 2 }])

    await letBackoffElapse(db)
    await webhook.settle()
    expect(await plain.store.findByBookingId('bk-store-down')).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Active' })
    expect(await jobsOf('record.sync')).toMatchObject([{ status: 'done' }])
    expect(store.state.calls).toBe(3)
  })

  it('a permanent provider error fails the job at once with its reason; an operator retry after the fix makes the room', async () => {
    const plain = createTestPipeline(db)
    const rooms = faulty<RoomProvider>(plain.rooms, ['ensureRoom'])
    rooms.state.error = new ProviderError('daily', 'HTTP 401: authentication-error', false, 401)
    rooms.state.failures = 1
    const pipeline = createTestPipeline(db, { rooms: rooms.wrapped })
    const webhook = createTestWebhook(pipeline)

    await webhook.send(calcomEvents.created({ uid: 'bk-bad-key', ...sessionTimes(60) }))
    await webhook.settle()
    expect(await jobsOf('room.sync')).toEqual([{ status: 'failed', attempts: 1, last_error: 'daily: HTTP 401: authentication-error' }])
    expect(await pipeline.store.findByBookingId('bk-bad-key')).toMatchObject({ roomStatus: 'Not Created' })

    const [failed] = await pipeline.outbox.list({ status: 'failed' })
    expect(await pipeline.outbox.retry({ ids: [failed!.id] })).toEqual([failed!.id])
    await webhook.settle()
    expect(await pipeline.store.findByBookingId('bk-bad-key')).toMatchObject({ roomStatus: 'Active' })
  })

  it('gives up after the retry policy runs out and keeps the last error for an operator', async () => {
    const plain = createTestPipeline(db)
    const rooms = faulty<RoomProvider>(plain.rooms, ['ensureRoom'])
    rooms.state.failures = 1000
    const pipeline = createTestPipeline(db, { rooms: rooms.wrapped, roomsRetry: { maxAttempts: 3, retryable: () => true, waitMs: () => 1_000 } })
    const webhook = createTestWebhook(pipeline)
    await webhook.send(calcomEvents.created({ uid: 'bk-forever-down', ...sessionTimes(60) }))
    await webhook.settle()
    for (let i = 0; i < 5; i++) {
      await letBackoffElapse(db)
      await webhook.settle()
    }
    expect(rooms.state.calls).toBe(3)
    expect(await jobsOf('room.sync')).toEqual([{ status: 'failed', attempts: 3, last_error: 'daily: HTTP 503: service unavailable (out of attempts)' }])
    expect(await pipeline.store.findByBookingId('bk-forever-down')).toMatchObject({ roomStatus: 'Not Created' })
  })

  it('a delivery recorded by a function that died before any worker ran is processed by the next worker', async () => {
    const pipeline = createTestPipeline(db)
    const webhook = createTestWebhook(pipeline)
    expect((await webhook.send(calcomEvents.created({ uid: 'bk-crash', ...sessionTimes(60) }))).status).toBe(200)
    expect(webhook.wakes()).toBe(1)
    expect((await pipeline.inbox.list())[0]?.status).toBe('pending')

    const another = createTestPipeline(db)
    expect(await another.worker.runUntilIdle()).toMatchObject({ deliveries: 1 })
    expect(await pipeline.store.findByBookingId('bk-crash')).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Active' })
  })

  it('work claimed by a worker that died is free again once its lease runs out, and not before', async () => {
    const pipeline = createTestPipeline(db)
    const webhook = createTestWebhook(pipeline)
    await webhook.send(calcomEvents.created({ uid: 'bk-lease', ...sessionTimes(60) }))
    // A worker claims the delivery and dies before recording an outcome.
    const [claimed] = await pipeline.inbox.claimDue('dead-worker', 10, 60_000)
    expect(claimed?.bookingId).toBe('bk-lease')

    expect(await pipeline.worker.runUntilIdle()).toEqual({ deliveries: 0, jobs: 0 })
    await db.sql`update webhook_deliveries set lease_until = now() - interval '1 second'`
    expect(await pipeline.worker.runUntilIdle()).toMatchObject({ deliveries: 1 })
    expect(await pipeline.store.findByBookingId('bk-lease')).toMatchObject({ roomStatus: 'Active' })
  })

  it('two workers draining one database never run the same job at once', async () => {
    const plain = createTestPipeline(db)
    let running = 0
    let overlapped = false
    const slowRooms: RoomProvider = {
      ...plain.rooms,
      async ensureRoom(spec) {
        running++
        if (running > 1) overlapped = true
        await new Promise((resolve) => setTimeout(resolve, 20))
        running--
        return plain.rooms.ensureRoom(spec)
      },
    }
    const a = createTestPipeline(db, { rooms: slowRooms })
    const b = createTestPipeline(db, { rooms: slowRooms })
    const webhook = createTestWebhook(a)
    await webhook.send(calcomEvents.created({ uid: 'bk-shared', ...sessionTimes(60) }))
    await Promise.all([a.worker.runUntilIdle(), b.worker.runUntilIdle(), a.worker.runUntilIdle(), b.worker.runUntilIdle()])
    expect(overlapped).toBe(false)
    expect(await db.sql`select 1 from local_rooms`).toHaveLength(1)
    expect(await jobsOf('room.sync')).toMatchObject([{ status: 'done' }])
  })
})
