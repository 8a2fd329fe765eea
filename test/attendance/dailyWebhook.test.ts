import { beforeEach, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../support/database.ts'
import { createAttendanceHarness, DAILY_SECRET, dailyEvents, dailyRequest, nodeSignature, type AttendanceHarness } from './support.ts'

const db = useTestDatabase()
let h: AttendanceHarness

beforeEach(async () => {
  await db.reset()
  h = createAttendanceHarness(db)
})

const event = () => JSON.stringify(dailyEvents.started('presence-room', new Date()))
const deliveries = () => db.sql<{ eventId: string | null; status: string; duplicates: number }[]>`
  select event_id as "eventId", status, duplicates from webhook_deliveries where provider = 'daily'`

describe('daily-webhook: signatures (vectors from Node crypto)', () => {
  it('records a delivery signed over timestamp.body with the base64-decoded secret, once per event id', async () => {
    const body = event()
    const first = await h.daily(dailyRequest(body))
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ received: true, duplicate: false })
    const again = await h.daily(dailyRequest(body))
    expect(await again.json()).toEqual({ received: true, duplicate: true })
    expect(await deliveries()).toEqual([{ eventId: JSON.parse(body).id, status: 'pending', duplicates: 1 }])
    expect(h.wakes()).toBe(1)
  })

  it('a known vector: this secret, timestamp and body give this signature', async () => {
    const body = '{"version":"1.0.0","type":"meeting.started","id":"evt-1","payload":{"room":"r","start_ts":1700000000},"event_ts":1700000000}'
    const signature = nodeSignature(DAILY_SECRET, '1700000000', body)
    const { signDailyWebhook } = await import('../../shared/attendance/dailySignature.ts')
    expect(await signDailyWebhook(DAILY_SECRET, '1700000000', body)).toBe(signature)
    // Keyed by the decoded bytes: keying by the base64 text itself gives another signature.
    const { createHmac } = await import('node:crypto')
    expect(createHmac('sha256', DAILY_SECRET).update(`1700000000.${body}`).digest('base64')).not.toBe(signature)
  })

  it.each([
    ['a wrong secret', { secret: Buffer.from('another secret entirely').toString('base64') }],
    ['no signature', { omit: 'signature' as const }],
    ['no timestamp', { omit: 'timestamp' as const }],
    ['a timestamp two hours old', { timestamp: String(Math.floor(Date.now() / 1000) - 7200) }],
    ['a timestamp from the future', { timestamp: String(Math.floor(Date.now() / 1000) + 3600) }],
    ['a timestamp that is not a number', { timestamp: 'yesterday' }],
  ])('refuses %s with 403 and records nothing', async (_, options) => {
    const response = await h.daily(dailyRequest(event(), options))
    expect(response.status).toBe(403)
    expect(await deliveries()).toEqual([])
  })

  it('refuses a body changed after signing, or signed under another timestamp', async () => {
    const body = event()
    const timestamp = String(Math.floor(Date.now() / 1000))
    const signature = nodeSignature(DAILY_SECRET, timestamp, body)
    expect((await h.daily(dailyRequest(body.replace('presence-room', 'presence-other'), { timestamp, signature }))).status).toBe(403)
    expect((await h.daily(dailyRequest(body, { timestamp: String(Number(timestamp) - 1), signature }))).status).toBe(403)
    expect(await deliveries()).toEqual([])
  })

  it("answers Daily's check when the webhook is created with 200 at once, signed or not, and records nothing", async () => {
    const check = await h.daily(new Request('http://localhost/functions/v1/daily-webhook', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"test":"test"}' }))
    expect(check.status).toBe(200)
    expect((await h.daily(dailyRequest('{"test":"test"}'))).status).toBe(200)
    expect(await deliveries()).toEqual([])
  })

  it('keeps an event type attendance does not use as ignored, and refuses GET', async () => {
    const body = JSON.stringify({ version: '1.0.0', type: 'recording.ready-to-download', id: 'rec-1', payload: { room: 'r' }, event_ts: 1 })
    expect((await h.daily(dailyRequest(body))).status).toBe(200)
    expect(await deliveries()).toEqual([{ eventId: 'rec-1', status: 'ignored', duplicates: 0 }])
    expect((await h.daily(new Request('http://localhost/functions/v1/daily-webhook'))).status).toBe(405)
  })

  it('accepts nothing when DAILY_WEBHOOK_SECRET is not set', async () => {
    const { createDailyWebhookHandler } = await import('../../supabase/functions/daily-webhook/handler.ts')
    const { silentLogger } = await import('../../supabase/functions/_shared/runtime/logger.ts')
    const handler = createDailyWebhookHandler({ secret: undefined, inbox: h.inbox, wake: () => {}, log: silentLogger })
    expect((await handler(dailyRequest(event()))).status).toBe(403)
    expect(await deliveries()).toEqual([])
  })
})
