import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { signStripePayload, STRIPE_SIGNATURE_HEADER } from '../../supabase/functions/_shared/payments/stripe/webhookSignature.ts'
import { startLocalStack, type LocalStack } from '../../scripts/stack/localStack.ts'
import { startAirtableServer, type AirtableServer } from '../support/airtable/index.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { startDailyServer } from '../support/daily/dailyServer.ts'
import { eventually, freePort } from '../support/ports.ts'
import { stripeEventOf } from '../support/stripe/stripeEvents.ts'
import { startStripeServer } from '../support/stripe/stripeServer.ts'

const SECRET = 'prod-smoke-calcom-secret'
const STRIPE_KEY = 'sk_test_prod_smoke'
const STRIPE_WEBHOOK_SECRET = 'whsec_prod_smoke'
const JWT_SECRET = 'prod-smoke-jwt-secret-long-enough-for-hs256'
const SUPABASE_URL = 'https://project.supabase.test'
const APP_URL = 'https://presence.test'
const PHONE = '+61400000009'
const OPS = 'Presence Operations'

// The production configuration under real Deno: the functions and the worker process use the
// Airtable, Daily and Stripe adapters, against stand-ins of their APIs on real HTTP ports, and
// verify Supabase Auth tokens with the project's JWT secret.
describe('smoke: the functions and the worker with the Airtable, Daily and Stripe adapters', () => {
  let stack: LocalStack
  let airtable: AirtableServer
  let daily: Awaited<ReturnType<typeof startDailyServer>>
  let stripe: Awaited<ReturnType<typeof startStripeServer>>
  let hostId: string

  beforeAll(async () => {
    // Rate limit off: in this process the stand-in's clock shares an event loop with the embedded
    // database; the limit is exercised against a stand-in in its own process elsewhere.
    airtable = await startAirtableServer({ requestsPerSecond: null })
    hostId = airtable.standIn.insert('Hosts', { Name: 'Jane Rivers', Email: 'jane@presence.example', Status: 'Active', 'Cal.com Link': 'jane/session' }).id
    airtable.standIn.insert('Members', { Name: 'Max Member', Email: 'max@presence.example', Phone: PHONE })
    daily = await startDailyServer({ apiKey: 'daily-smoke-key', domain: 'presence' })
    stripe = await startStripeServer({ secretKey: STRIPE_KEY })
    stack = await startLocalStack({
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        FUNCTIONS_PORT: String(await freePort()),
        DB_PORT: String(await freePort()),
        WORKER_PORT: String(await freePort()),
        CALCOM_WEBHOOK_SECRET: SECRET,
        AIRTABLE_API_KEY: airtable.standIn.apiKey,
        AIRTABLE_BASE_ID: airtable.standIn.baseId,
        AIRTABLE_API_URL: airtable.url,
        DAILY_API_KEY: 'daily-smoke-key',
        DAILY_DOMAIN: 'presence',
        DAILY_API_URL: daily.url,
        STRIPE_SECRET_KEY: STRIPE_KEY,
        STRIPE_WEBHOOK_SECRET,
        STRIPE_API_URL: stripe.url,
        SUPABASE_URL,
        SUPABASE_JWT_SECRET: JWT_SECRET,
        APP_URL,
      },
      onFunctionsOutput: () => {},
    })
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
    await airtable?.close()
    await daily?.close()
    await stripe?.close()
  })

  const post = async (body: unknown) => {
    const raw = JSON.stringify(body)
    return fetch(`${stack.functionsUrl}/calcom-webhook-handler`, { method: 'POST', headers: { 'x-cal-signature-256': await signCalcomBody(SECRET, raw) }, body: raw })
  }
  const recordOf = (bookingId: string, ready: (fields: Record<string, unknown>) => boolean) =>
    eventually(async () => {
      const found = airtable.standIn.records(OPS).find((record) => record.fields['Cal.com Booking ID'] === bookingId)
      return found && ready(found.fields) ? found.fields : undefined
    }, 20_000, `Airtable record ${bookingId}`)

  it('a booking becomes an Airtable record with a private Daily room; a reschedule moves both; a cancel deletes the room', async () => {
    const first = sessionTimes(90)
    const second = sessionTimes(60 * 24)
    expect((await post(calcomEvents.created({ uid: 'prod-a', ...first }))).status).toBe(200)
    const created = await recordOf('prod-a', (fields) => fields['Video Room Status'] === 'Active')
    expect(created).toMatchObject({ 'Booking Status': 'Created', 'Host Name': 'Jane Rivers' })
    const room = daily.daily.rooms.get(String(created['Video Room Name']))
    expect(room?.privacy).toBe('private')
    expect(created['Video Room URL']).toBe(`https://presence.daily.co/${room!.name}`)

    expect((await post(calcomEvents.rescheduled({ uid: 'prod-b', ...second, previousUid: 'prod-a', previousStart: first.start, previousEnd: first.end }))).status).toBe(200)
    await recordOf('prod-b', (fields) => fields['Session Start Time'] === second.start)
    expect(daily.daily.rooms.get(room!.name)?.config.nbf).toBe(Date.parse(second.start) / 1000 - 15 * 60)

    expect((await post(calcomEvents.cancelled({ uid: 'prod-b', ...second }, { reason: 'Travelling' }))).status).toBe(200)
    await recordOf('prod-b', (fields) => fields['Booking Status'] === 'Cancelled' && fields['Video Room Status'] === 'Ended')
    expect(daily.daily.rooms.size).toBe(0)
    expect(airtable.standIn.records(OPS)).toHaveLength(1)
  })

  it('a Daily outage leaves the record Not Created, and the worker makes the room once Daily is back', async () => {
    daily.daily.failNext(1, 503)
    expect((await post(calcomEvents.created({ uid: 'prod-outage', ...sessionTimes(120) }))).status).toBe(200)
    await recordOf('prod-outage', (fields) => fields['Video Room Status'] === 'Not Created')
    // The room job backs off (Daily's policy starts at a second), then succeeds.
    await recordOf('prod-outage', (fields) => fields['Video Room Status'] === 'Active')
  })

  it('a signed-in member pays through Stripe: the checkout comes from the catalog, the signed webhook makes three Airtable records', async () => {
    const now = Math.floor(Date.now() / 1000)
    const token = await signJwtHs256(
      { sub: crypto.randomUUID(), phone: PHONE.slice(1), aud: 'authenticated', role: 'authenticated', iss: `${SUPABASE_URL}/auth/v1`, iat: now, exp: now + 600 },
      JWT_SECRET,
    )
    const checkout = await fetch(`${stack.functionsUrl}/checkout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', origin: APP_URL },
      body: JSON.stringify({ hostId, plan: 'weekly' }),
    })
    expect(checkout.status).toBe(200)
    const { purchaseId, url } = (await checkout.json()) as { purchaseId: string; url: string }
    const [session] = [...stripe.stripe.sessions.values()]
    expect(url).toBe(session?.url)
    expect(session).toMatchObject({ amount_total: 4000, currency: 'aud', metadata: { purchase_id: purchaseId, plan_type: 'weekly' } })

    const body = JSON.stringify(stripeEventOf('checkout.session.completed', stripe.stripe.pay(session!.id as string)))
    const forged = await fetch(`${stack.functionsUrl}/stripe-payment-confirm`, {
      method: 'POST',
      headers: { [STRIPE_SIGNATURE_HEADER]: await signStripePayload('whsec_someone_else', body) },
      body,
    })
    expect(forged.status).toBe(400)
    const paid = await fetch(`${stack.functionsUrl}/stripe-payment-confirm`, {
      method: 'POST',
      headers: { [STRIPE_SIGNATURE_HEADER]: await signStripePayload(STRIPE_WEBHOOK_SECRET, body) },
      body,
    })
    expect(paid.status).toBe(200)
    const records = await eventually(async () => {
      const found = airtable.standIn.records(OPS).filter((record) => record.fields['Purchase ID'] === purchaseId)
      return found.length === 3 ? found.map((record) => record.fields) : undefined
    }, 20_000, 'three paid-session records')
    expect(records.map((fields) => fields['Amount Cents']).sort()).toEqual([1333, 1333, 1334])
    expect(records.every((fields) => fields['Credit Status'] === 'Available' && fields['Payment Status'] === 'Paid')).toBe(true)

    // The member's dashboard: found by the token's phone in Airtable's Members, the host's name from Hosts.
    const dashboard = (role: string, bearer: string) =>
      fetch(`${stack.functionsUrl}/dashboard?role=${role}`, { headers: { authorization: `Bearer ${bearer}`, origin: APP_URL } })
    const mine = await dashboard('member', token)
    expect(mine.status).toBe(200)
    const view = (await mine.json()) as { member: { name: string }; credits: Array<{ host: { id: string; name: string }; plan: string; left: number }> }
    expect(view.member.name).toBe('Max Member')
    expect(view.credits).toEqual([expect.objectContaining({ host: { id: hostId, name: 'Jane Rivers' }, plan: 'weekly', left: 3 })])
    // The same member is no host, and a forged token is nobody.
    expect((await dashboard('host', token)).status).toBe(403)
    expect((await dashboard('member', `${token.slice(0, -2)}xx`)).status).toBe(401)
  })
})
