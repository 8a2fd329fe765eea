import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { DEVELOPMENT_SECRETS } from '../../shared/config/loadConfig.ts'
import { PLANS } from '../../shared/plans/catalog.ts'
import { splitPlan } from '../../shared/plans/split.ts'
import { calcomEvents } from '../support/calcomEvents.ts'
import { createFakeDaily } from '../support/daily/dailyHandlers.ts'
import { serveHandlers } from '../support/handlerServer.ts'
import { eventually } from '../support/ports.ts'
import { createFakeDailyMeetings } from './dailyMeetingsHandlers.ts'
import { DAILY_SECRET, dailyEvents, nodeSignature } from './support.ts'
import { useLocalStack } from '../support/localStackForFile.ts'

const API_KEY = 'deno-smoke-daily-key'

// daily-webhook and the worker's daily processor under real Deno: the local stack with Daily
// configured (its REST API a stand-in on a real port), a paid session booked through the signed
// Cal.com webhook, then Daily's events signed with Node's crypto.
describe('smoke: attendance from Daily under Deno', () => {
  let daily: Awaited<ReturnType<typeof serveDaily>>

  function serveDaily() {
    return serveHandlers(
      (origin) => {
        const rooms = createFakeDaily({ apiKey: API_KEY, domain: 'presence', apiUrl: `${origin}/v1` })
        const meetings = createFakeDailyMeetings({ apiKey: API_KEY, apiUrl: `${origin}/v1` })
        return { handlers: [...rooms.handlers, ...meetings.handlers], rooms, meetings }
      },
      () => new Response(JSON.stringify({ error: 'not-found', info: 'no such endpoint' }), { status: 404 }),
    )
  }

  beforeAll(async () => {
    daily = await serveDaily()
  })
  afterAll(async () => {
    await daily?.close()
  })
  const local = useLocalStack(() => ({ DAILY_API_KEY: API_KEY, DAILY_DOMAIN: 'presence', DAILY_API_URL: `${daily.origin}/v1`, DAILY_WEBHOOK_SECRET: DAILY_SECRET }))

  function postDaily(event: unknown, secret = DAILY_SECRET) {
    const body = typeof event === 'string' ? event : JSON.stringify(event)
    const timestamp = String(Math.floor(Date.now() / 1000))
    return fetch(`${local.stack.functionsUrl}/daily-webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-timestamp': timestamp, 'x-webhook-signature': nodeSignature(secret, timestamp, body) },
      body,
    })
  }

  it("answers Daily's check, refuses a forged event, and settles a held session: Completed, the payout line, the record", async () => {
    const check = await fetch(`${local.stack.functionsUrl}/daily-webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"test":"test"}' })
    expect(check.status).toBe(200)

    const [host] = await local.sql<{ id: string }[]>`select id::text from hosts where email = 'jane@presence.example'`
    const [member] = await local.sql<{ id: string }[]>`select id::text from members where email = 'max@presence.example'`
    const split = splitPlan(PLANS.adhoc)
    const [purchase] = await local.sql<{ id: string }[]>`
      insert into purchases (member_id, host_id, member_name, host_name, plan, amount_cents, payment_status, checkout_session_id, paid_at)
      values (${member!.id}, ${host!.id}, 'Max Member', 'Jane Rivers', 'adhoc', ${split.totalCents}, 'paid', 'cs_test_daily_smoke', now()) returning id::text`
    const [paid] = await local.sql<{ id: string }[]>`
      insert into paid_sessions (purchase_id, position, member_id, host_id, plan, amount_cents, host_share_cents, platform_share_cents)
      values (${purchase!.id}, 1, ${member!.id}, ${host!.id}, 'adhoc', ${split.totalCents}, ${split.hostCents}, ${split.platformCents}) returning id::text`
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000)
    const end = new Date(start.getTime() + 30 * 60_000)
    const booking = JSON.stringify(calcomEvents.created({ uid: 'daily-smoke', start: start.toISOString(), end: end.toISOString(), memberId: member!.id, paidSessionId: paid!.id }))
    const booked = await fetch(`${local.stack.functionsUrl}/calcom-webhook-handler`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cal-signature-256': await signCalcomBody(DEVELOPMENT_SECRETS.calcomWebhook, booking) },
      body: booking,
    })
    expect(booked.status).toBe(200)
    const session = await eventually(async () => {
      const [row] = await local.sql<{ id: string; room: string; roomStatus: string }[]>`
        select id::text, room_name as room, room_status as "roomStatus" from sessions where booking_id = 'daily-smoke'`
      return row?.roomStatus === 'Active' ? row : undefined
    }, 30_000, 'the booked session with its Daily room')

    const visit = (side: 'host' | 'member') => ({ id: `${side}-visit`, userId: `${side}:${session.id}`, owner: side === 'host', at: start, minutes: 25 })
    expect((await postDaily(dailyEvents.joined(session.room, visit('host')), Buffer.from('forged').toString('base64'))).status).toBe(403)
    for (const event of [
      dailyEvents.joined(session.room, visit('host')),
      dailyEvents.left(session.room, visit('member')),
      dailyEvents.left(session.room, visit('host')),
      dailyEvents.ended(session.room, start, new Date(start.getTime() + 25 * 60_000)),
    ]) {
      expect((await postDaily(event)).status).toBe(200)
    }

    const settled = await eventually(async () => {
      const [row] = await local.sql<{ attendance: string | null; status: string; hostMinutes: number }[]>`
        select attendance, booking_status as status, host_minutes as "hostMinutes" from sessions where id = ${session.id}`
      return row?.attendance ? row : undefined
    }, 30_000, 'the session settled')
    expect(settled).toEqual({ attendance: 'attended', status: 'Completed', hostMinutes: 25 })
    expect(await local.sql`select amount_cents, currency, status from payout_lines where session_id = ${session.id}`).toEqual([{ amount_cents: 1206, currency: 'AUD', status: 'due' }])
    const record = await eventually(async () => {
      const [row] = await local.sql<{ attendance: string | null; booking_status: string; host_minutes: number; member_minutes: number }[]>`
        select attendance, booking_status, host_minutes, member_minutes from presence_operations where session_id = ${paid!.id}`
      return row?.attendance === 'Attended' ? row : undefined
    }, 30_000, 'the record showing the outcome')
    expect(record).toEqual({ attendance: 'Attended', booking_status: 'Completed', host_minutes: 25, member_minutes: 25 })
    expect(await local.sql`select count(*)::int as n from webhook_deliveries where provider = 'daily'`).toEqual([{ n: 4 }])
  }, 90_000)
})
