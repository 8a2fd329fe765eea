import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { listEvents } from '../../scripts/cli/eventsList.ts'
import { retryEvents } from '../../scripts/cli/eventsRetry.ts'
import { showEvent } from '../../scripts/cli/eventsShow.ts'
import { runCli } from '../../scripts/cli/run.ts'
import { loadConfig } from '../../shared/config/loadConfig.ts'
import { createAppContext, type AppContext } from '../../supabase/functions/_shared/runtime/appContext.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createPostgresOperationsStore } from '../../supabase/functions/_shared/store/postgres/operationsStore.ts'
import { useTestDatabase } from '../support/database.ts'
import { bookingCreated, bookingRescheduled, deliver, refusingStore } from './calcomDeliveries.ts'
import { captureIo } from './support.ts'

const db = useTestDatabase()
let ctx: AppContext

beforeAll(() => {
  ctx = createAppContext(loadConfig({ DATABASE_URL: db.url }), { log: silentLogger, databaseMaxConnections: 2 })
})
afterAll(() => ctx?.close())
beforeEach(() => db.reset())

const LONG_UID = 'booking-uid-that-is-much-longer-than-the-table-column'

describe('events list', () => {
  it('shows every delivery, newest first, with its status and a truncated uid and error', async () => {
    const processed = await deliver(ctx, bookingCreated(LONG_UID))
    const ignored = await deliver(ctx, { triggerEvent: 'MEETING_STARTED', createdAt: new Date().toISOString() })
    const invalid = await deliver(ctx, { triggerEvent: 'BOOKING_CREATED', payload: { title: 'no uid or times' } })
    expect(invalid.status).toBe(422)

    const io = captureIo()
    expect(await listEvents(ctx, { limit: 50, json: false }, io.print)).toBe(0)

    const [header, rule, ...rows] = io.out
    expect(header).toMatch(/^ID\s+RECEIVED \(UTC\)\s+PROVIDER\s+TRIGGER\s+BOOKING UID\s+STATUS\s+ATTEMPTS\s+LAST ERROR$/)
    expect(rule).toMatch(/^-+ +-+/)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatch(new RegExp(`^${invalid.deliveryId}\\s.*calcom\\s+BOOKING_CREATED\\s+-\\s+failed\\s+0\\s+\\S*uid: Invalid input.*…$`))
    expect(rows[1]).toMatch(new RegExp(`^${ignored.deliveryId}\\s.*MEETING_STARTED\\s+-\\s+ignored\\s+0$`))
    expect(rows[2]).toMatch(new RegExp(`^${processed.deliveryId}\\s.*booking-uid-that-is-muc…\\s+processed\\s+0$`))
  })

  it('filters by status, limits, and prints JSON without the raw body', async () => {
    await deliver(ctx, bookingCreated('first'))
    await deliver(ctx, bookingCreated('second'))
    await deliver(ctx, { triggerEvent: 'MEETING_STARTED', createdAt: new Date().toISOString() })

    const io = captureIo()
    await listEvents(ctx, { status: 'processed', limit: 1, json: true }, io.print)
    const rows = JSON.parse(io.out.join('\n')) as Record<string, unknown>[]
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ provider: 'calcom', eventType: 'BOOKING_CREATED', bookingUid: 'second', status: 'processed' })
    expect(rows[0]).not.toHaveProperty('rawBody')

    const table = captureIo()
    await listEvents(ctx, { status: 'processed', limit: 1, json: false }, table.print)
    expect(table.out.at(-1)).toBe('(the newest 1; pass --limit N for more)')
  })

  it('escapes control characters a hostile booking uid carries', async () => {
    await deliver(ctx, bookingCreated('evil\u001b[2Juid'))
    const io = captureIo()
    await listEvents(ctx, { limit: 50, json: false }, io.print)
    expect(io.out.join('\n')).not.toContain('\u001b')
    expect(io.out.join('\n')).toContain('evil\\u001b[2Juid')
  })

  it('runs from the command line against DATABASE_URL', async () => {
    await deliver(ctx, bookingCreated('from-cli'))
    const io = captureIo()
    const code = await runCli(['events', 'list', '--status=processed', '--json'], { ...io, env: { DATABASE_URL: db.url }, fetch })
    expect(code).toBe(0)
    expect(JSON.parse(io.out.join('\n'))).toMatchObject([{ bookingUid: 'from-cli' }])
  })
})

describe('events show', () => {
  it('prints the delivery, its session with room and previous uids, and the pretty raw body', async () => {
    await deliver(ctx, bookingCreated('old-uid'))
    const { deliveryId } = await deliver(ctx, bookingRescheduled('new-uid', 'old-uid'))

    const io = captureIo()
    expect(await showEvent(ctx, deliveryId, io.print)).toBe(0)
    const text = io.out.join('\n')

    expect(text).toContain(`Delivery ${deliveryId}`)
    expect(text).toMatch(/trigger\s+BOOKING_RESCHEDULED/)
    expect(text).toMatch(/status\s+processed/)
    expect(text).toMatch(/Session [0-9a-f-]{36}\n/)
    expect(text).toMatch(/booking uid\s+new-uid/)
    expect(text).toMatch(/previous uids\s+old-uid/)
    expect(text).toMatch(/booking status\s+Created/)
    expect(text).toMatch(/room status\s+Active/)
    expect(text).toMatch(/room url\s+http:\/\/127\.0\.0\.1:54321\/local-daily\/\S+/)
    expect(text).toMatch(/operations sync\s+up to date/)
    expect(text).toMatch(/Raw body \(\d+ bytes\)/)
    expect(io.out).toContain('  "triggerEvent": "BOOKING_RESCHEDULED",')
    expect(io.out).toContain('    "rescheduleUid": "old-uid"')
  })

  it('says so when the delivery has no session', async () => {
    const { deliveryId } = await deliver(ctx, { triggerEvent: 'MEETING_STARTED', createdAt: new Date().toISOString() })
    const io = captureIo()
    await showEvent(ctx, deliveryId, io.print)
    expect(io.out).toContain('Session: none (this delivery has not been applied to a session)')
  })

  it('exits 1 for an unknown id', async () => {
    const io = captureIo()
    expect(await showEvent(ctx, 4242, io.print)).toBe(1)
    expect(io.out[0]).toContain('No delivery with id 4242')
  })
})

describe('events retry', () => {
  it('re-runs a failed delivery, which now ends processed with its Presence Operations record', async () => {
    const { deliveryId } = await deliver(ctx, bookingCreated('retry-me'), { store: refusingStore(ctx.store) })
    expect(await ctx.ledger.get(deliveryId)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('INVALID_PERMISSIONS') })
    const operations = createPostgresOperationsStore(db.sql)
    expect(await operations.get('retry-me')).toBeNull()

    const io = captureIo()
    expect(await retryEvents(ctx, { id: deliveryId }, io)).toBe(0)

    expect(io.out).toEqual([`Delivery ${deliveryId} (BOOKING_CREATED retry-me): processed.`])
    expect(await ctx.ledger.get(deliveryId)).toMatchObject({ status: 'processed', lastError: null })
    expect(await operations.get('retry-me')).toMatchObject({ bookingId: 'retry-me', bookingStatus: 'Created', roomStatus: 'Active', memberName: 'Max Member' })
  })

  it('reports a delivery that is already processed, and an unknown id', async () => {
    const { deliveryId } = await deliver(ctx, bookingCreated('done-already'))
    const io = captureIo()
    expect(await retryEvents(ctx, { id: deliveryId }, io)).toBe(0)
    expect(io.out[0]).toContain('already processed; nothing to do')

    expect(await retryEvents(ctx, { id: 999 }, io)).toBe(1)
    expect(io.out[1]).toContain('No delivery with id 999')
  })

  it('exits 1 and says the sweep will try again when the failure is temporary', async () => {
    const { deliveryId } = await deliver(ctx, bookingCreated('still-down'), { store: refusingStore(ctx.store) })
    const outage = { ...ctx, pipeline: { ...ctx.pipeline, store: refusingStore(ctx.store, true) } }

    const io = captureIo()
    expect(await retryEvents(outage, { id: deliveryId }, io)).toBe(1)
    expect(io.out[0]).toBe(`Delivery ${deliveryId} (BOOKING_CREATED still-down): still failing: airtable: HTTP 503 service unavailable. It will be retried automatically.`)
    expect(await ctx.ledger.get(deliveryId)).toMatchObject({ status: 'pending', attempts: 1 })
  })

  it('--failed retries every failed delivery with progress, then lists what still fails', async () => {
    const refusing = refusingStore(ctx.store)
    const fixed = await Promise.all(['a', 'b', 'c'].map(async (uid) => (await deliver(ctx, bookingCreated(`bulk-${uid}`), { store: refusing })).deliveryId))
    const broken = await deliver(ctx, { triggerEvent: 'BOOKING_CANCELLED', payload: { uid: 'no-times' } })
    await deliver(ctx, bookingCreated('fine'))

    const io = captureIo()
    expect(await retryEvents(ctx, { failed: true }, io)).toBe(1)

    expect(io.err().split('\n').filter(Boolean)).toEqual(['Retrying: 1/4 (25%)', 'Retrying: 2/4 (50%)', 'Retrying: 3/4 (75%)', 'Retrying: 4/4 (100%)'])
    expect(io.out[0]).toBe('Retried 4 failed deliveries: 3 done, 1 still failing.')
    expect(io.out[1]).toMatch(new RegExp(`^  Delivery ${broken.deliveryId} \\(BOOKING_CANCELLED\\): still failing: \\S*startTime: Invalid input`))
    expect(io.out).toHaveLength(2)
    for (const id of fixed) expect((await ctx.ledger.get(id))?.status).toBe('processed')
    expect((await ctx.ledger.get(broken.deliveryId))?.status).toBe('failed')
    const operations = createPostgresOperationsStore(db.sql)
    for (const uid of ['bulk-a', 'bulk-b', 'bulk-c']) expect(await operations.get(uid)).toMatchObject({ bookingStatus: 'Created' })
  })

  it('--failed exits 0 when every retry succeeds, and when there is nothing to retry', async () => {
    const io = captureIo()
    expect(await retryEvents(ctx, { failed: true }, io)).toBe(0)
    expect(io.out).toEqual(['No failed Cal.com deliveries to retry.'])

    await deliver(ctx, bookingCreated('one'), { store: refusingStore(ctx.store) })
    await deliver(ctx, bookingCreated('two'), { store: refusingStore(ctx.store) })
    const again = captureIo()
    expect(await retryEvents(ctx, { failed: true }, again)).toBe(0)
    expect(again.out).toEqual(['Retried 2 failed deliveries: 2 done, 0 still failing.'])
    expect(await ctx.ledger.idsWithStatus('failed')).toEqual([])
  })
})
