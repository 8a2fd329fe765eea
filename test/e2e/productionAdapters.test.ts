import { setupServer } from 'msw/node'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSharedRateLimiter } from '../../supabase/functions/_shared/rateLimit/sharedRateLimiter.ts'
import { createDailyRoomProvider } from '../../supabase/functions/_shared/rooms/daily/dailyRooms.ts'
import { DAILY_RETRY } from '../../supabase/functions/_shared/rooms/daily/retryPolicy.ts'
import { createAirtableClient } from '../../supabase/functions/_shared/store/airtable/client.ts'
import { createAirtableDirectory } from '../../supabase/functions/_shared/store/airtable/directory.ts'
import { createAirtableOperationsStore } from '../../supabase/functions/_shared/store/airtable/operationsStore.ts'
import { AIRTABLE_RETRY } from '../../supabase/functions/_shared/store/airtable/retryPolicy.ts'
import { airtableHandlers, createAirtableStandIn, type AirtableStandIn } from '../support/airtable/index.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { createFakeDaily, type FakeDaily } from '../support/daily/dailyHandlers.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook, letBackoffElapse, type TestPipeline } from '../support/pipeline.ts'

// The production configuration: webhook -> inbox -> worker -> the Airtable adapter against a
// stand-in of Airtable's API, and the Daily adapter against msw handlers that answer like Daily.
const db = useTestDatabase()
const AIRTABLE_URL = 'https://airtable.test'
const DAILY_URL = 'https://daily.test/v1'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

const OPS = 'Presence Operations'

describe('the pipeline through the Airtable and Daily adapters', () => {
  let airtable: AirtableStandIn
  let daily: FakeDaily
  let pipeline: TestPipeline
  let webhook: ReturnType<typeof createTestWebhook>
  let hostId: string

  function build(options: { sleep?: (ms: number) => Promise<void> } = {}) {
    airtable = createAirtableStandIn({ requestsPerSecond: options.sleep ? null : 5 })
    daily = createFakeDaily({ apiKey: 'daily-key', domain: 'presence', apiUrl: DAILY_URL })
    server.resetHandlers(...airtableHandlers(airtable, { baseUrl: AIRTABLE_URL }), ...daily.handlers)
    hostId = airtable.insert('Hosts', { Name: 'Jane Rivers', Email: 'jane@presence.example', Status: 'Active' }).id
    const limiter = createSharedRateLimiter({ sql: db.sql, key: `airtable:${airtable.baseId}`, requestsPerSecond: 5, sleep: options.sleep })
    const client = createAirtableClient({ apiKey: airtable.apiKey, baseId: airtable.baseId, apiUrl: AIRTABLE_URL, limiter })
    pipeline = createTestPipeline(db, {
      store: createAirtableOperationsStore({ client }),
      storeRetry: AIRTABLE_RETRY,
      directory: createAirtableDirectory({ client }),
      rooms: createDailyRoomProvider({ apiKey: 'daily-key', domain: 'presence', apiUrl: DAILY_URL }),
      roomsRetry: DAILY_RETRY,
    })
    webhook = createTestWebhook(pipeline)
  }

  beforeEach(async () => {
    await db.reset()
    build()
  })

  /** Time passes: backoffs end, and the base's 30-second block after a 429 is over. */
  async function timePasses() {
    await letBackoffElapse(db)
    await db.sql`update rate_limits set next_free_at = clock_timestamp(), paused_until = null`
  }

  const recordsOf = () => airtable.records(OPS)
  const only = () => {
    const records = recordsOf()
    expect(records).toHaveLength(1)
    return records[0]!.fields
  }

  it('a booking becomes one Airtable record with its host and a private Daily room open 15 minutes before to 10 after', async () => {
    const start = new Date(Date.now() + 2 * 3600_000)
    start.setUTCSeconds(0, 0)
    const end = new Date(start.getTime() + 3600_000)
    await webhook.send(calcomEvents.created({ uid: 'bk-prod', start: start.toISOString(), end: end.toISOString() }))
    await webhook.settle()

    const fields = only()
    expect(fields).toMatchObject({
      'Cal.com Booking ID': 'bk-prod',
      'Booking Status': 'Created',
      'Video Room Status': 'Active',
      'Host Name': 'Jane Rivers',
      'Host Record ID': hostId,
      'Session Start Time': start.toISOString(),
    })
    const room = daily.rooms.get(String(fields['Video Room Name']))!
    expect(fields['Video Room URL']).toBe(`https://presence.daily.co/${room.name}`)
    expect(room.privacy).toBe('private')
    expect(room.config.nbf).toBe((start.getTime() - 15 * 60_000) / 1000)
    expect(room.config.exp).toBe((end.getTime() + 10 * 60_000) / 1000)
  })

  it('a reschedule moves the same Airtable record and the same room; a cancel deletes the room', async () => {
    const first = sessionTimes(120)
    const moved = sessionTimes(60 * 24)
    await webhook.send(calcomEvents.created({ uid: 'bk-a', ...first }))
    await webhook.settle()
    const [before] = recordsOf()

    await webhook.send(calcomEvents.rescheduled({ uid: 'bk-b', ...moved, previousUid: 'bk-a', previousStart: first.start, previousEnd: first.end }))
    await webhook.settle()
    const [after] = recordsOf()
    expect(recordsOf()).toHaveLength(1)
    expect(after!.id).toBe(before!.id)
    expect(after!.fields).toMatchObject({ 'Cal.com Booking ID': 'bk-b', 'Previous Booking IDs': 'bk-a', 'Session Start Time': moved.start })
    expect([...daily.rooms.values()]).toHaveLength(1)
    expect(daily.rooms.get(String(after!.fields['Video Room Name']))?.config.nbf).toBe(Date.parse(moved.start) / 1000 - 15 * 60)

    await webhook.send(calcomEvents.cancelled({ uid: 'bk-b', ...moved }, { reason: 'Travelling' }))
    await webhook.settle()
    expect(only()).toMatchObject({ 'Booking Status': 'Cancelled', 'Video Room Status': 'Ended', 'Cancellation Reason': 'Travelling' })
    expect(daily.rooms.size).toBe(0)
  })

  it('a 429 storm blocks the base for every caller for the 30 seconds Airtable asks, then writes each record once', async () => {
    // Time passes at once here; the stand-in's own rate limit would count that as a burst.
    build({ sleep: async () => {} })
    airtable.failNext(4, 429)
    const bookings = ['bk-s1', 'bk-s2', 'bk-s3'].map((uid, i) => calcomEvents.created({ uid, ...sessionTimes(60 + i) }))
    for (const body of bookings) await webhook.send(body)
    await webhook.settle()

    // Nothing is lost: the deliveries are processed, the records wait their turn.
    expect((await pipeline.inbox.list()).every((delivery) => delivery.status !== 'failed')).toBe(true)
    const [waiting] = await db.sql<{ wait: number }[]>`
      select extract(epoch from min(next_attempt_at) - now())::float8 as wait from (
        select next_attempt_at from webhook_deliveries where status = 'pending'
        union all select next_attempt_at from outbox_jobs where status = 'pending') as due`
    expect(waiting?.wait).toBeGreaterThan(25)
    // The base's block is recorded where every process takes its slots from.
    const [block] = await db.sql<{ seconds: number }[]>`
      select extract(epoch from paused_until - clock_timestamp())::float8 as seconds from rate_limits`
    expect(block?.seconds).toBeGreaterThan(25)

    for (let round = 0; round < 6 && recordsOf().length < 3; round++) {
      await timePasses()
      await webhook.settle()
    }
    expect(recordsOf().map((record) => record.fields['Cal.com Booking ID']).sort()).toEqual(['bk-s1', 'bk-s2', 'bk-s3'])
    expect(recordsOf().every((record) => record.fields['Video Room Status'] === 'Active')).toBe(true)
    expect(await db.sql`select status from outbox_jobs where status <> 'done'`).toEqual([])
  })

  it('a Daily 5xx shows Not Created in Airtable, then the room is made once when Daily recovers', async () => {
    daily.failNext(1, 503)
    await webhook.send(calcomEvents.created({ uid: 'bk-daily-down', ...sessionTimes(90) }))
    await webhook.settle()
    expect(only()).toMatchObject({ 'Booking Status': 'Created', 'Video Room Status': 'Not Created' })
    expect(daily.rooms.size).toBe(0)

    await timePasses()
    await webhook.settle()
    expect(only()).toMatchObject({ 'Video Room Status': 'Active' })
    expect(daily.rooms.size).toBe(1)
    expect(daily.requests.filter((request) => request === 'POST /rooms')).toHaveLength(2)
  })

  it("a browser-sent member id naming another table's record, or one Airtable will not show, links nobody and fails nothing", async () => {
    await webhook.send(calcomEvents.created({ uid: 'bk-host-as-member', ...sessionTimes(60), memberId: hostId }))
    await webhook.send(calcomEvents.created({ uid: 'bk-unseen-member', ...sessionTimes(61), memberId: 'recZZZZZZZZZZZZZZ' }))
    await webhook.settle()
    expect((await pipeline.inbox.list()).map((delivery) => delivery.status)).toEqual(['processed', 'processed'])
    for (const record of recordsOf()) expect(record.fields['Member Record ID']).toBeUndefined()
  })
})
