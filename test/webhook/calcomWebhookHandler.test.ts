import { beforeEach, describe, expect, it } from 'vitest'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook, TEST_CALCOM_SECRET } from '../support/pipeline.ts'

const db = useTestDatabase()
const url = 'http://localhost/functions/v1/calcom-webhook-handler'

describe('calcom-webhook-handler guards: bad input gets a clear error and changes nothing', () => {
  let webhook: ReturnType<typeof createTestWebhook>
  const body = JSON.stringify(calcomEvents.created({ uid: 'bk-guard', ...sessionTimes(60) }))

  beforeEach(async () => {
    await db.reset()
    webhook = createTestWebhook(createTestPipeline(db))
  })

  async function ledgerCount() {
    const [row] = await db.sql<{ count: number }[]>`select count(*)::int as count from webhook_deliveries`
    return row!.count
  }

  it.each([
    ['no signature', {}],
    ['a wrong signature', { 'x-cal-signature-256': 'ab'.repeat(32) }],
    ["Cal.com's unsigned marker", { 'x-cal-signature-256': 'no-secret-provided' }],
  ])('refuses %s with 401 and stores nothing', async (_name, headers) => {
    const response = await webhook.handler(new Request(url, { method: 'POST', headers, body }))
    expect(response.status).toBe(401)
    expect(await response.json()).toMatchObject({ error: 'unauthorized' })
    expect(await ledgerCount()).toBe(0)
  })

  it('refuses a body signed with another secret', async () => {
    const response = await webhook.handler(
      new Request(url, { method: 'POST', headers: { 'x-cal-signature-256': await signCalcomBody('other-secret', body) }, body }),
    )
    expect(response.status).toBe(401)
    expect(await ledgerCount()).toBe(0)
  })

  it('refuses a signed body altered by one byte', async () => {
    const signature = await signCalcomBody(TEST_CALCOM_SECRET, body)
    const response = await webhook.handler(new Request(url, { method: 'POST', headers: { 'x-cal-signature-256': signature }, body: body.replace('bk-guard', 'bk-guarD') }))
    expect(response.status).toBe(401)
  })

  it('answers GET with 405 and an Allow header', async () => {
    const response = await webhook.handler(new Request(url, { method: 'GET' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('refuses a body over 1 MiB with 413, declared or not', async () => {
    const big = JSON.stringify({ triggerEvent: 'BOOKING_CREATED', padding: 'x'.repeat(1024 * 1024) })
    const declared = await webhook.handler(new Request(url, { method: 'POST', headers: { 'content-length': String(big.length) }, body: big }))
    expect(declared.status).toBe(413)
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big))
        controller.close()
      },
    })
    const undeclared = await webhook.handler(new Request(url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit))
    expect(undeclared.status).toBe(413)
    expect(await ledgerCount()).toBe(0)
  })

  it('answers a signed non-JSON body with 400 and stores nothing', async () => {
    const response = await webhook.send('this is not json')
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_json' })
    expect(await ledgerCount()).toBe(0)
  })

  it('keeps a signed but structurally invalid delivery as failed with its reason, and answers 422', async () => {
    const payload = calcomEvents.created({ uid: 'bk-x', ...sessionTimes(60) })
    const response = await webhook.send({ ...payload, payload: { ...payload.payload, uid: '', endTime: 'yesterday' } })
    expect(response.status).toBe(422)
    const answer = await response.json()
    expect(answer.message).toMatch(/uid/)
    expect(answer.message).toMatch(/endTime/)
    const [delivery] = await db.sql`select status, last_error from webhook_deliveries`
    expect(delivery).toMatchObject({ status: 'failed' })
    expect(delivery?.last_error).toMatch(/is empty.*payload\.uid/)
    expect(await db.sql`select 1 from sessions`).toHaveLength(0)
  })

  it('refuses an end time before the start', async () => {
    const times = sessionTimes(60)
    const response = await webhook.send(calcomEvents.created({ uid: 'bk-backwards', start: times.end, end: times.start }))
    expect(response.status).toBe(422)
    expect((await response.json()).message).toMatch(/endTime must be after startTime/)
  })

  it('keeps an unknown trigger as ignored and answers 200', async () => {
    const response = await webhook.send({ triggerEvent: 'FORM_SUBMITTED', createdAt: new Date().toISOString(), payload: {} })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ignored', trigger: 'FORM_SUBMITTED' })
    const [delivery] = await db.sql`select status, event_type from webhook_deliveries`
    expect(delivery).toMatchObject({ status: 'ignored', event_type: 'FORM_SUBMITTED' })
  })

  it('stores the raw body exactly as it arrived, before acting on it', async () => {
    const raw = `{"triggerEvent":"BOOKING_CREATED",  "createdAt":"2026-01-01T00:00:00.000Z","payload":${JSON.stringify(calcomEvents.created({ uid: 'bk-raw', ...sessionTimes(60) }).payload)}}`
    const response = await webhook.send(raw)
    expect(response.status).toBe(200)
    const [delivery] = await db.sql`select raw_body, status from webhook_deliveries`
    expect(delivery?.raw_body).toBe(raw)
    expect(delivery?.status).toBe('pending')
    await webhook.settle()
  })

  it('answers before the work is done: the delivery waits in the inbox and the worker is woken', async () => {
    const response = await webhook.send(calcomEvents.created({ uid: 'bk-later', ...sessionTimes(60) }))
    expect(await response.json()).toMatchObject({ status: 'accepted', processing: true })
    expect(webhook.wakes()).toBe(1)
    expect(await db.sql`select 1 from sessions`).toHaveLength(0)
    await webhook.settle()
    expect(await db.sql`select booking_id from sessions`).toEqual([{ booking_id: 'bk-later' }])
  })
})

describe('text Postgres cannot store, from a hostile or careless sender', () => {
  let pipeline: ReturnType<typeof createTestPipeline>
  let webhook: ReturnType<typeof createTestWebhook>

  beforeEach(async () => {
    await db.reset()
    pipeline = createTestPipeline(db)
    webhook = createTestWebhook(pipeline)
  })

  it('a booking id holding NUL is refused on its own (422); the deliveries sent with it are all acknowledged and kept', async () => {
    const good = Array.from({ length: 20 }, (_, i) => calcomEvents.created({ uid: `bk-good-${i}`, ...sessionTimes(60 + i) }))
    const hostile = calcomEvents.created({ uid: 'bk-\u0000-nul', ...sessionTimes(90) })
    const responses = await Promise.all([...good.slice(0, 10), hostile, ...good.slice(10)].map((body) => webhook.send(body)))
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(20)
    expect(statuses[10]).toBe(422)
    expect((await responses[10]!.json()).message).toMatch(/cannot store/)

    await webhook.settle()
    const records = await pipeline.store.listStartingBetween(new Date(0), new Date('2100-01-01'))
    expect(records.map((record) => record.bookingId).sort()).toEqual(good.map((body) => body.payload.uid).sort())
  })

  it('a name and title holding NUL still make a session with a room; the inbox keeps the body exactly as sent', async () => {
    const body = calcomEvents.created({ uid: 'bk-nul-name', ...sessionTimes(60), attendeeName: 'Max\u0000 Member', organizerName: 'Jane\u0000' })
    const raw = JSON.stringify(body)
    expect(raw).toContain('\\u0000')
    expect((await webhook.send(raw)).status).toBe(200)
    await webhook.settle()

    expect(await pipeline.store.findByBookingId('bk-nul-name')).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Active', memberName: 'Max Member' })
    const session = await pipeline.sessions.findByBookingId('bk-nul-name')
    expect(session?.state.title).toBe('Session between Jane and Max Member')
    expect((await pipeline.inbox.list())[0]).toMatchObject({ status: 'processed', rawBody: raw })
  })

  it('an unpaired surrogate in free text is stored as a replacement character, not refused', async () => {
    const body = calcomEvents.created({ uid: 'bk-surrogate', ...sessionTimes(60), attendeeName: 'Max \ud800' })
    expect((await webhook.send(body)).status).toBe(200)
    await webhook.settle()
    const session = await pipeline.sessions.findByBookingId('bk-surrogate')
    expect(session?.state.title).toBe('Session between Jane Rivers and Max \ufffd')
  })
})
