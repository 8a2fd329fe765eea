import { beforeEach, describe, expect, it } from 'vitest'
import { listEvents } from '../../scripts/cli/eventsList.ts'
import { retryEvents } from '../../scripts/cli/eventsRetry.ts'
import { showEvent } from '../../scripts/cli/eventsShow.ts'
import { sessionJobsOf } from '../../scripts/cli/sessionJobs.ts'
import { recordSyncJob, roomSyncJob } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import { runCli } from '../../scripts/cli/run.ts'
import { formatTime } from '../../scripts/cli/text.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createPostgresOperationsStore } from '../../supabase/functions/_shared/store/postgres/operationsStore.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, type TestPipeline } from '../support/pipeline.ts'
import { bookingCreated, bookingRescheduled, deliver, refusingDirectory, refusingStore } from './calcomDeliveries.ts'
import { insertDelivery } from './inboxRows.ts'
import { captureIo } from './support.ts'

const db = useTestDatabase()
let pipeline: TestPipeline

beforeEach(async () => {
  await db.reset()
  pipeline = createTestPipeline(db)
})

const LONG_UID = 'booking-uid-that-is-much-longer-than-the-table-column'

async function cli(argv: string[]) {
  const io = captureIo()
  const code = await runCli(argv, { ...io, env: { DATABASE_URL: db.url }, fetch })
  return { code, out: io.out, err: io.err() }
}

/** A Cal.com delivery the processor could not apply (the host lookup was refused for good). */
async function failedDelivery(uid: string): Promise<number> {
  const { deliveryId } = await deliver(createTestPipeline(db, { directory: refusingDirectory(createPostgresDirectory(db.sql)) }), bookingCreated(uid))
  expect(await pipeline.inbox.get(deliveryId)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('INVALID_PERMISSIONS') })
  return deliveryId
}

async function sessionCount(): Promise<number> {
  const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from sessions`
  return row!.count
}

describe('events list', () => {
  it('shows every delivery, newest first, with its status and a truncated booking id and error', async () => {
    const processed = await deliver(pipeline, bookingCreated(LONG_UID))
    const ignored = await deliver(pipeline, { triggerEvent: 'MEETING_STARTED', createdAt: new Date().toISOString() })
    const invalid = await deliver(pipeline, { triggerEvent: 'BOOKING_CREATED', payload: { title: 'no uid or times' } })
    expect(invalid.status).toBe(422)

    const io = captureIo()
    expect(await listEvents(pipeline.inbox, { limit: 50, json: false }, io.print)).toBe(0)

    const [header, rule, ...rows] = io.out
    expect(header).toMatch(/^ID\s+RECEIVED \(UTC\)\s+PROVIDER\s+TYPE\s+BOOKING ID\s+STATUS\s+ATTEMPTS\s+LAST ERROR$/)
    expect(rule).toMatch(/^-+ +-+/)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatch(new RegExp(`^${invalid.deliveryId}\\s.*calcom\\s+BOOKING_CREATED\\s+-\\s+failed\\s+0\\s+.*Invalid input.*…$`))
    expect(rows[1]).toMatch(new RegExp(`^${ignored.deliveryId}\\s.*MEETING_STARTED\\s+-\\s+ignored\\s+0\\s+trigger MEETING_STARTED is not handled$`))
    expect(rows[2]).toMatch(new RegExp(`^${processed.deliveryId}\\s.*booking-uid-that-is-muc…\\s+processed\\s+0$`))
  })

  it('filters by status, limits, and prints JSON without the raw body', async () => {
    await deliver(pipeline, bookingCreated('first'))
    await deliver(pipeline, bookingCreated('second'))
    await deliver(pipeline, { triggerEvent: 'MEETING_STARTED', createdAt: new Date().toISOString() })

    const io = captureIo()
    await listEvents(pipeline.inbox, { status: 'processed', limit: 1, json: true }, io.print)
    const rows = JSON.parse(io.out.join('\n')) as Record<string, unknown>[]
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ provider: 'calcom', eventType: 'BOOKING_CREATED', bookingId: 'second', status: 'processed' })
    expect(rows[0]).not.toHaveProperty('rawBody')

    const table = captureIo()
    await listEvents(pipeline.inbox, { status: 'processed', limit: 1, json: false }, table.print)
    expect(table.out.at(-1)).toBe('(the newest 1; pass --limit N for more)')
  })

  it('--provider stripe shows only the Stripe deliveries', async () => {
    await deliver(pipeline, bookingCreated('a-calcom-booking'))
    const paid = await insertDelivery(db, { provider: 'stripe', eventType: 'checkout.session.completed', body: { id: 'evt_paid' } })
    await insertDelivery(db, { provider: 'daily', eventType: 'participant.joined', body: { id: 'daily-1' } })
    const refunded = await insertDelivery(db, { provider: 'stripe', eventType: 'charge.refunded', body: { id: 'evt_refund' } })

    const { code, out } = await cli(['events', 'list', '--provider', 'stripe'])
    expect(code).toBe(0)
    const rows = out.slice(2)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatch(new RegExp(`^${refunded}\\s.*stripe\\s+charge\\.refunded\\s+-\\s+pending\\s+0$`))
    expect(rows[1]).toMatch(new RegExp(`^${paid}\\s.*stripe\\s+checkout\\.session\\.completed\\s+-\\s+pending\\s+0$`))

    const none = await cli(['events', 'list', '--provider', 'twilio', '--status', 'failed'])
    expect(none.out).toEqual(['No failed twilio deliveries.'])
  })

  it('escapes control characters a hostile booking id carries', async () => {
    await deliver(pipeline, bookingCreated('evil\u001b[2Juid'))
    const io = captureIo()
    await listEvents(pipeline.inbox, { limit: 50, json: false }, io.print)
    expect(io.out.join('\n')).not.toContain('\u001b')
    expect(io.out.join('\n')).toContain('evil\\u001b[2Juid')
  })

  it('runs from the command line against DATABASE_URL', async () => {
    await deliver(pipeline, bookingCreated('from-cli'))
    const { code, out } = await cli(['events', 'list', '--status=processed', '--json'])
    expect(code).toBe(0)
    expect(JSON.parse(out.join('\n'))).toMatchObject([{ bookingId: 'from-cli' }])
  })
})

describe('events show', () => {
  it('prints the delivery, its session with room and previous ids, its jobs, and the pretty raw body', async () => {
    await deliver(pipeline, bookingCreated('old-uid'))
    const { deliveryId } = await deliver(pipeline, bookingRescheduled('new-uid', 'old-uid'))

    const io = captureIo()
    expect(await showEvent(pipeline, deliveryId, undefined, io.print)).toBe(0)
    const text = io.out.join('\n')

    expect(text).toContain(`Delivery ${deliveryId}`)
    expect(text).toMatch(/provider\s+calcom/)
    expect(text).toMatch(/type\s+BOOKING_RESCHEDULED/)
    expect(text).toMatch(/status\s+processed/)
    expect(text).toMatch(/Session [0-9a-f-]{36}\n/)
    expect(text).toMatch(/booking id\s+new-uid/)
    expect(text).toMatch(/previous ids\s+old-uid/)
    expect(text).toMatch(/booking status\s+Created/)
    expect(text).toMatch(/room status\s+Active/)
    expect(text).toMatch(/room url\s+http:\/\/127\.0\.0\.1:54321\/local-daily\/\S+/)
    expect(text).toMatch(/\n {2}ID\s+KIND\s+STATUS\s+ATTEMPTS\s+NEXT ATTEMPT \(UTC\)\s+LAST ERROR\n/)
    expect(text).toMatch(/\n {2}\d+\s+room\.sync\s+done\s+0\s+-\n/)
    expect(text).toMatch(/\n {2}\d+\s+record\.sync\s+done\s+0\s+-\n/)
    expect(text).toMatch(/Raw body \(\d+ bytes\)/)
    expect(io.out).toContain('  "triggerEvent": "BOOKING_RESCHEDULED",')
    expect(io.out).toContain('    "rescheduleUid": "old-uid"')
  })

  it("lists a paid booking's record job under its paid session's id, where that record is kept", async () => {
    const [sessionId, paidSessionId] = [crypto.randomUUID(), crypto.randomUUID()]
    await pipeline.outbox.enqueue(db.sql, [roomSyncJob(sessionId), recordSyncJob(paidSessionId), recordSyncJob(crypto.randomUUID())])
    const jobs = await sessionJobsOf(pipeline.outbox, { id: sessionId, paidSessionId })
    expect(jobs.map((job) => job.idempotencyKey)).toEqual([`room.sync:${sessionId}`, `record.sync:${paidSessionId}`])
  })

  it("shows a session job's failure and its error", async () => {
    const refusing = createTestPipeline(db, { store: refusingStore(createPostgresOperationsStore(db.sql)) })
    const { deliveryId } = await deliver(refusing, bookingCreated('record-refused'))

    const io = captureIo()
    await showEvent(pipeline, deliveryId, undefined, io.print)
    expect(io.out.join('\n')).toMatch(/\n {2}\d+\s+record\.sync\s+failed\s+1\s+-\s+airtable: INVALID_PERMISSIONS: this token cannot write to the base\n/)
  })

  it('says so when the delivery has no session', async () => {
    const { deliveryId } = await deliver(pipeline, { triggerEvent: 'MEETING_STARTED', createdAt: new Date().toISOString() })
    const io = captureIo()
    await showEvent(pipeline, deliveryId, undefined, io.print)
    expect(io.out).toContain('Session: none (this delivery has not been applied to a session)')
  })

  it('exits 1 for an unknown id, and for a delivery from another provider than --provider', async () => {
    const io = captureIo()
    expect(await showEvent(pipeline, 4242, undefined, io.print)).toBe(1)
    expect(io.out[0]).toContain('No delivery with id 4242')

    const { deliveryId } = await deliver(pipeline, bookingCreated('a-calcom-one'))
    const { code, out } = await cli(['events', 'show', String(deliveryId), '--provider', 'stripe'])
    expect(code).toBe(1)
    expect(out).toEqual([`Delivery ${deliveryId} came from calcom, not stripe.`])
  })
})

describe('events retry', () => {
  it('re-runs a failed delivery, which now ends processed with its room and Presence Operations record', async () => {
    const deliveryId = await failedDelivery('retry-me')
    const operations = createPostgresOperationsStore(db.sql)
    expect(await operations.findByBookingId('retry-me')).toBeNull()

    const io = captureIo()
    expect(await retryEvents(pipeline, { id: deliveryId }, io)).toBe(0)

    expect(io.out).toEqual([`Delivery ${deliveryId} (calcom BOOKING_CREATED retry-me): processed.`])
    expect(await pipeline.inbox.get(deliveryId)).toMatchObject({ status: 'processed', lastError: null })
    expect(await operations.findByBookingId('retry-me')).toMatchObject({ bookingId: 'retry-me', bookingStatus: 'Created', roomStatus: 'Active', memberName: 'Max Member' })
  })

  it('reports a delivery that is already processed, and an unknown id', async () => {
    const { deliveryId } = await deliver(pipeline, bookingCreated('done-already'))
    const io = captureIo()
    expect(await retryEvents(pipeline, { id: deliveryId }, io)).toBe(0)
    expect(io.out[0]).toBe(`Delivery ${deliveryId} (calcom BOOKING_CREATED done-already): already processed; nothing to do.`)

    expect(await retryEvents(pipeline, { id: 999 }, io)).toBe(1)
    expect(io.out[1]).toContain('No delivery with id 999')
  })

  it('leaves a delivery another worker holds to that worker, and says so', async () => {
    const id = await insertDelivery(db, { provider: 'calcom', eventType: 'BOOKING_CREATED', body: bookingCreated('held-elsewhere') })
    await db.sql`update webhook_deliveries set lease_owner = 'another-worker', lease_until = now() + interval '1 hour' where id = ${id}`

    const { code, out } = await cli(['events', 'retry', String(id)])

    expect(code).toBe(0)
    expect(out).toEqual([`Delivery ${id} (calcom BOOKING_CREATED): another worker is processing it right now; see npm run presence -- events show ${id}`])
    expect(await pipeline.inbox.get(id)).toMatchObject({ status: 'pending', attempts: 0 })
    expect(await sessionCount()).toBe(0)
  })

  it('exits 1 and says when it will be retried automatically when the failure is temporary', async () => {
    const deliveryId = await failedDelivery('still-down')
    const outage = createTestPipeline(db, { directory: refusingDirectory(createPostgresDirectory(db.sql), true) })

    const io = captureIo()
    expect(await retryEvents(outage, { id: deliveryId }, io)).toBe(1)
    const after = await pipeline.inbox.get(deliveryId)
    expect(after).toMatchObject({ status: 'pending', attempts: 1 })
    expect(io.out).toEqual([
      `Delivery ${deliveryId} (calcom BOOKING_CREATED still-down): still failing: airtable: HTTP 503 service unavailable. It will be retried automatically at ${formatTime(after!.nextAttemptAt)}.`,
    ])
  })

  it('says how the jobs the retry queued ended when they did not succeed', async () => {
    const waiting = await failedDelivery('record-down')
    const outage = createTestPipeline(db, { store: refusingStore(createPostgresOperationsStore(db.sql), true) })
    const io = captureIo()
    expect(await retryEvents(outage, { id: waiting }, io)).toBe(1)
    const recordJob = (await pipeline.outbox.list()).find((job) => job.kind === 'record.sync')!
    expect(io.out).toEqual([
      `Delivery ${waiting} (calcom BOOKING_CREATED record-down): processed, but its record.sync job is waiting to retry at ${formatTime(recordJob.nextAttemptAt)}: airtable: HTTP 503 service unavailable.`,
    ])

    await db.reset()
    const refused = await failedDelivery('record-refused')
    const readOnly = createTestPipeline(db, { store: refusingStore(createPostgresOperationsStore(db.sql)) })
    const again = captureIo()
    expect(await retryEvents(readOnly, { id: refused }, again)).toBe(1)
    const failedJob = (await pipeline.outbox.list({ status: 'failed' }))[0]!
    expect(again.out).toEqual([
      `Delivery ${refused} (calcom BOOKING_CREATED record-refused): processed, but its record.sync job failed: airtable: INVALID_PERMISSIONS: this token cannot write to the base (fix the cause, then: npm run presence -- jobs retry ${failedJob.id}).`,
    ])
  })

  it.each(['daily', 'twilio'] as const)(
    'keeps a %s delivery away from the Cal.com processor: it ends ignored with the reason, and makes no session',
    async (provider) => {
      // A valid Cal.com booking as the body: only the provider decides which processor sees it.
      const id = await insertDelivery(db, { provider, eventType: 'some.event', body: bookingCreated(`${provider}-lookalike`) })

      const { code, out } = await cli(['events', 'retry', String(id)])

      expect(code).toBe(0)
      const after = await pipeline.inbox.get(id)
      expect(after).toMatchObject({ status: 'ignored', lastError: expect.stringMatching(new RegExp(provider, 'i')), sessionId: null })
      expect(out).toEqual([`Delivery ${id} (${provider} some.event): ignored: ${after!.lastError}.`])
      expect(await sessionCount()).toBe(0)
      expect(await pipeline.sessions.findByBookingId(`${provider}-lookalike`)).toBeNull()

      const shown = await cli(['events', 'show', String(id), '--provider', provider])
      expect(shown.out).toContain(`  ignored because  ${after!.lastError}`)
      expect(shown.out).toContain('Session: none (this delivery has not been applied to a session)')
    },
  )

  it('runs an ignored delivery again once its provider has a processor', async () => {
    const id = await insertDelivery(db, { provider: 'stripe', eventType: 'checkout.session.completed', body: { id: 'evt_later' } })
    await pipeline.worker.runUntilIdle()
    expect(await pipeline.inbox.get(id)).toMatchObject({ status: 'ignored' })

    const seen: number[] = []
    const withStripe = createTestPipeline(db, { processors: { stripe: { process: async (delivery) => (seen.push(delivery.id), { outcome: 'processed' }) } } })
    const io = captureIo()
    expect(await retryEvents(withStripe, { id }, io)).toBe(0)
    expect(seen).toEqual([id])
    expect(await pipeline.inbox.get(id)).toMatchObject({ status: 'processed', lastError: null })
  })

  it('--failed retries every failed delivery with progress, then lists what still fails', async () => {
    const fixed = []
    for (const uid of ['a', 'b', 'c']) fixed.push(await failedDelivery(`bulk-${uid}`))
    const broken = await deliver(pipeline, { triggerEvent: 'BOOKING_CANCELLED', payload: { uid: 'no-times' } })
    await deliver(pipeline, bookingCreated('fine'))

    const io = captureIo()
    expect(await retryEvents(pipeline, { failed: true }, io)).toBe(1)

    expect(io.err().split('\n').filter(Boolean)).toEqual(['Retrying: 1/4 (25%)', 'Retrying: 2/4 (50%)', 'Retrying: 3/4 (75%)', 'Retrying: 4/4 (100%)'])
    expect(io.out[0]).toBe('Retried 4 failed deliveries: 3 processed, 0 ignored, 1 still failing.')
    expect(io.out[1]).toMatch(new RegExp(`^  Delivery ${broken.deliveryId} \\(calcom BOOKING_CANCELLED\\): still failing: .*Invalid input.*startTime`))
    expect(io.out).toHaveLength(2)
    for (const id of fixed) expect((await pipeline.inbox.get(id))?.status).toBe('processed')
    expect((await pipeline.inbox.get(broken.deliveryId))?.status).toBe('failed')
    const operations = createPostgresOperationsStore(db.sql)
    for (const uid of ['bulk-a', 'bulk-b', 'bulk-c']) expect(await operations.findByBookingId(uid)).toMatchObject({ bookingStatus: 'Created' })
  })

  it('--failed --provider retries only that provider, and says why a delivery was ignored', async () => {
    const calcom = await failedDelivery('left-alone')
    const daily = await insertDelivery(db, { provider: 'daily', eventType: 'meeting.ended', body: { id: 'evt_1' }, status: 'failed' })

    const { code, out } = await cli(['events', 'retry', '--failed', '--provider', 'daily'])

    expect(code).toBe(0)
    const after = await pipeline.inbox.get(daily)
    expect(out).toEqual([
      'Retried 1 failed delivery: 0 processed, 1 ignored, 0 still failing.',
      `  Delivery ${daily} (daily meeting.ended): ignored: ${after!.lastError}.`,
    ])
    expect((await pipeline.inbox.get(calcom))?.status).toBe('failed')
  })

  it('refuses an id from another provider than --provider, leaving it as it was', async () => {
    const deliveryId = await failedDelivery('wrong-provider')
    const { code, out } = await cli(['events', 'retry', String(deliveryId), '--provider', 'daily'])
    expect(code).toBe(1)
    expect(out).toEqual([`Delivery ${deliveryId} came from calcom, not daily.`])
    expect((await pipeline.inbox.get(deliveryId))?.status).toBe('failed')
  })

  it('--failed exits 0 when every retry succeeds, and when there is nothing to retry', async () => {
    const io = captureIo()
    expect(await retryEvents(pipeline, { failed: true }, io)).toBe(0)
    expect(io.out).toEqual(['No failed deliveries to retry.'])

    await failedDelivery('one')
    await failedDelivery('two')
    const { code, out } = await cli(['events', 'retry', '--failed'])
    expect(code).toBe(0)
    expect(out).toEqual(['Retried 2 failed deliveries: 2 processed, 0 ignored, 0 still failing.'])
    expect(await pipeline.inbox.idsWithStatus('failed')).toEqual([])
  })
})
