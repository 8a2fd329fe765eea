import { beforeEach, describe, expect, it } from 'vitest'
import { createDailyCreateRoomHandler } from '../../supabase/functions/daily-create-room/handler.ts'
import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
import { signSessionToken } from '../../shared/links/sessionLinks.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import type { RoomProvider } from '../../supabase/functions/_shared/rooms/roomProvider.ts'
import { createTestPipeline, createTestWebhook, type TestPipeline } from '../support/pipeline.ts'

const db = useTestDatabase()
const KEY = 'test-service-role-key'

describe('daily-create-room', () => {
  let pipeline: TestPipeline
  let handler: ReturnType<typeof createDailyCreateRoomHandler>
  const handlerFor = (p: TestPipeline) =>
    createDailyCreateRoomHandler({
      serviceRoleKey: KEY,
      linkSecret: 'link-secret',
      appUrl: 'http://127.0.0.1:5173',
      sql: p.sql,
      sessions: p.sessions,
      outbox: p.outbox,
      runJobNow: (key) => p.worker.runJobNow(key),
      wake: () => {},
      log: silentLogger,
    })
  const roomsFailingWith = (error: Error): RoomProvider => ({ ...createTestPipeline(db).rooms, ensureRoom: () => Promise.reject(error) })
  const call = (body: unknown, key = KEY) =>
    handler(new Request('http://localhost/functions/v1/daily-create-room', { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: JSON.stringify(body) }))

  beforeEach(async () => {
    await db.reset()
    pipeline = createTestPipeline(db)
    handler = handlerFor(pipeline)
  })

  it('refuses a caller without the service role key', async () => {
    expect((await call({ sweep: true }, 'wrong')).status).toBe(401)
    const anonymous = await handler(new Request('http://localhost/x', { method: 'POST', body: '{"sweep":true}' }))
    expect(anonymous.status).toBe(401)
  })

  it('refuses a malformed request with 400 and an unknown booking with 404', async () => {
    expect((await call({ bookingId: '' })).status).toBe(400)
    expect((await call({ bookingId: 'x', sweep: true })).status).toBe(400)
    const unknown = await call({ bookingId: `nope'"}` })
    expect(unknown.status).toBe(404)
  })

  it('recreates a room that was lost at the provider, for the old uid of a rescheduled booking too', async () => {
    const webhook = createTestWebhook(pipeline)
    const a = sessionTimes(60)
    const b = sessionTimes(120)
    await webhook.send(calcomEvents.created({ uid: 'bk-a', ...a }))
    await webhook.send(calcomEvents.rescheduled({ uid: 'bk-b', ...b, previousUid: 'bk-a', previousStart: a.start, previousEnd: a.end }))
    await webhook.settle()
    await db.sql`delete from local_rooms`

    const response = await call({ bookingId: 'bk-a' })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ bookingId: 'bk-b', videoRoomStatus: 'Active' })
    expect(await db.sql`select name from local_rooms where deleted_at is null`).toHaveLength(1)
  })

  it('sweep queues rooms only for booked sessions starting within 15 minutes that have none', async () => {
    const webhook = createTestWebhook(createTestPipeline(db, { rooms: roomsFailingWith(new ProviderError('daily', 'HTTP 401', false, 401)) }))
    await webhook.send(calcomEvents.created({ uid: 'bk-soon', ...sessionTimes(10) }))
    await webhook.send(calcomEvents.created({ uid: 'bk-later', ...sessionTimes(60 * 5) }))
    await webhook.send(calcomEvents.requested({ uid: 'bk-pending', ...sessionTimes(5) }))
    await webhook.settle()
    expect(await db.sql`select 1 from local_rooms`).toHaveLength(0)

    const response = await call({ sweep: true })
    expect(await response.json()).toEqual({ checked: 1, queued: 1 })
    await pipeline.worker.runUntilIdle()
    expect(await pipeline.store.findByBookingId('bk-soon')).toMatchObject({ roomStatus: 'Active' })
    expect(await pipeline.store.findByBookingId('bk-later')).toMatchObject({ roomStatus: 'Not Created' })
    expect(await pipeline.store.findByBookingId('bk-pending')).toMatchObject({ roomStatus: 'Not Created' })
  })

  it('answers 503 when the provider is down, leaving Not Created', async () => {
    const webhook = createTestWebhook(pipeline)
    await webhook.send(calcomEvents.created({ uid: 'bk-down', ...sessionTimes(10) }))
    await webhook.settle()
    handler = handlerFor(createTestPipeline(db, { rooms: roomsFailingWith(new ProviderError('daily', 'HTTP 500', true, 500)) }))
    const response = await call({ bookingId: 'bk-down' })
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ error: 'provider_unavailable', message: 'daily: HTTP 500', videoRoomStatus: 'Not Created' })
    await pipeline.worker.runUntilIdle()
    expect(await pipeline.store.findByBookingId('bk-down')).toMatchObject({ roomStatus: 'Not Created' })
  })

  describe('called by the session page with its own link', () => {
    const linkCall = (body: unknown) =>
      handler(new Request('http://localhost/functions/v1/daily-create-room', { method: 'POST', headers: { origin: 'http://127.0.0.1:5173' }, body: JSON.stringify(body) }))

    it('makes the missing room inside the join window', async () => {
      const webhook = createTestWebhook(createTestPipeline(db, { rooms: roomsFailingWith(new ProviderError('daily', 'HTTP 500', true, 500)) }))
      await webhook.send(calcomEvents.created({ uid: 'bk-page', ...sessionTimes(5) }))
      await webhook.settle()
      const session = (await pipeline.sessions.findByBookingId('bk-page'))!
      const response = await linkCall({ bookingId: 'bk-page', userType: 'member', token: await signSessionToken('link-secret', session.id, 'member') })
      expect(response.status).toBe(200)
      expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
      expect(await response.json()).toMatchObject({ videoRoomStatus: 'Active' })
    })

    it('refuses outside the window (409) and with a bad token (403)', async () => {
      const webhook = createTestWebhook(pipeline)
      await webhook.send(calcomEvents.created({ uid: 'bk-page-later', ...sessionTimes(120) }))
      await webhook.settle()
      const session = (await pipeline.sessions.findByBookingId('bk-page-later'))!
      const early = await linkCall({ bookingId: 'bk-page-later', userType: 'member', token: await signSessionToken('link-secret', session.id, 'member') })
      expect(early.status).toBe(409)
      const forged = await linkCall({ bookingId: 'bk-page-later', userType: 'member', token: await signSessionToken('another-secret', session.id, 'member') })
      expect(forged.status).toBe(403)
    })
  })
})
