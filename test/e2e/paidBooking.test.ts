import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { checkoutCreatedSchema, purchaseViewSchema } from '../../shared/api/checkout.ts'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { bearerToken, createAccessTokenVerifier } from '../../supabase/functions/_shared/auth/verifyAccessToken.ts'
import { UnauthorizedError } from '../../supabase/functions/_shared/errors.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { STRIPE_CHECKOUT_RETRY } from '../../supabase/functions/_shared/payments/stripe/retryPolicy.ts'
import { createStripePayments } from '../../supabase/functions/_shared/payments/stripe/stripePayments.ts'
import { createSharedRateLimiter } from '../../supabase/functions/_shared/rateLimit/sharedRateLimiter.ts'
import { createDailyRoomProvider } from '../../supabase/functions/_shared/rooms/daily/dailyRooms.ts'
import { DAILY_RETRY } from '../../supabase/functions/_shared/rooms/daily/retryPolicy.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createAirtableClient } from '../../supabase/functions/_shared/store/airtable/client.ts'
import { createAirtableDirectory } from '../../supabase/functions/_shared/store/airtable/directory.ts'
import { createAirtableOperationsStore } from '../../supabase/functions/_shared/store/airtable/operationsStore.ts'
import { AIRTABLE_RETRY } from '../../supabase/functions/_shared/store/airtable/retryPolicy.ts'
import { createCheckoutHandler } from '../../supabase/functions/checkout/handler.ts'
import { createStripeWebhookHandler } from '../../supabase/functions/stripe-payment-confirm/handler.ts'
import { createStripeProcessor } from '../../supabase/functions/stripe-payment-confirm/processor.ts'
import { airtableHandlers, createAirtableStandIn, type AirtableStandIn } from '../support/airtable/index.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { createFakeDaily } from '../support/daily/dailyHandlers.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook, type TestPipeline } from '../support/pipeline.ts'
import { signedStripeRequest, stripeEventOf, TEST_STRIPE_WEBHOOK_SECRET } from '../support/stripe/stripeEvents.ts'
import { createFakeStripe } from '../support/stripe/stripeHandlers.ts'

// The revenue path in the production configuration: a signed-in member's checkout through the
// Stripe adapter (against msw that answers like Stripe), Stripe's signed webhook, credits as
// Airtable records (the adapter against a stand-in of Airtable's API), a Cal.com booking on one.
const db = useTestDatabase()
const AIRTABLE_URL = 'https://airtable.test'
const DAILY_URL = 'https://daily.test/v1'
const STRIPE_URL = 'https://stripe.test'
const AUTH_URL = 'https://project.supabase.test'
const JWT_SECRET = 'test-jwt-secret-that-is-long-enough-for-hs256'
const APP_URL = 'https://presence.test'
const stripe = createFakeStripe({ secretKey: 'sk_test_e2e', apiUrl: STRIPE_URL })
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
afterEach(() => stripe.reset())

const OPS = 'Presence Operations'
const PHONE = '+61400000009'

describe('paying for a plan and booking it, through the Stripe and Airtable adapters', () => {
  let airtable: AirtableStandIn
  let pipeline: TestPipeline
  let calcom: ReturnType<typeof createTestWebhook>
  let hostId: string
  let memberId: string
  let token: string

  const stripeWebhook = () => createStripeWebhookHandler({ secret: TEST_STRIPE_WEBHOOK_SECRET, inbox: pipeline.inbox, wake: () => {}, log: silentLogger })
  const verify = createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: JWT_SECRET })
  const checkout = () => {
    const client = createAirtableClient({ apiKey: airtable.apiKey, baseId: airtable.baseId, apiUrl: AIRTABLE_URL })
    return createCheckoutHandler({
      sql: db.sql,
      directory: createAirtableDirectory({ client }),
      payments: createStripePayments({ secretKey: 'sk_test_e2e', apiUrl: STRIPE_URL, timeoutMs: 2_000 }),
      authenticate: async (req) => {
        const bearer = bearerToken(req)
        if (!bearer) throw new UnauthorizedError('Sign in first')
        return (await verify(bearer)).user
      },
      retry: STRIPE_CHECKOUT_RETRY,
      appUrl: APP_URL,
      linkSigningSecret: 'test-link-secret',
      cancellationCutoffHours: 24,
      log: silentLogger,
      sleep: async () => {},
    })
  }
  const asMember = (init: RequestInit = {}) => ({ ...init, headers: { origin: APP_URL, authorization: `Bearer ${token}`, 'content-type': 'application/json' } })
  const operations = () => airtable.records(OPS).map((row) => row.fields)

  beforeEach(async () => {
    await db.reset()
    airtable = createAirtableStandIn({ requestsPerSecond: null })
    const daily = createFakeDaily({ apiKey: 'daily-key', domain: 'presence', apiUrl: DAILY_URL })
    server.resetHandlers(...airtableHandlers(airtable, { baseUrl: AIRTABLE_URL }), ...daily.handlers, ...stripe.handlers)
    hostId = airtable.insert('Hosts', { Name: 'Jane Rivers', Email: 'jane@presence.example', Status: 'Active', 'Cal.com Link': 'jane/session' }).id
    memberId = airtable.insert('Members', { Name: 'Max Member', Email: 'max@presence.example', Phone: PHONE }).id
    const limiter = createSharedRateLimiter({ sql: db.sql, key: `airtable:${airtable.baseId}`, requestsPerSecond: 50 })
    const client = createAirtableClient({ apiKey: airtable.apiKey, baseId: airtable.baseId, apiUrl: AIRTABLE_URL, limiter })
    pipeline = createTestPipeline(db, {
      store: createAirtableOperationsStore({ client }),
      storeRetry: AIRTABLE_RETRY,
      directory: createAirtableDirectory({ client }),
      rooms: createDailyRoomProvider({ apiKey: 'daily-key', domain: 'presence', apiUrl: DAILY_URL }),
      roomsRetry: DAILY_RETRY,
      processors: { stripe: createStripeProcessor({ sql: db.sql, outbox: createOutbox(db.sql) }) },
    })
    calcom = createTestWebhook(pipeline)
    const now = Math.floor(Date.now() / 1000)
    token = await signJwtHs256(
      { sub: crypto.randomUUID(), phone: PHONE.slice(1), aud: 'authenticated', role: 'authenticated', iss: `${AUTH_URL}/auth/v1`, iat: now, exp: now + 3600 },
      JWT_SECRET,
    )
  })

  async function payForWeekly() {
    const created = await checkout()(new Request('http://localhost/functions/v1/checkout', asMember({ method: 'POST', body: JSON.stringify({ hostId, plan: 'weekly', amountCents: 1 }) })))
    expect(created.status).toBe(200)
    const { purchaseId } = checkoutCreatedSchema.parse(await created.json())
    const [session] = [...stripe.sessions.values()]
    expect(session).toMatchObject({ amount_total: 4000, currency: 'aud', client_reference_id: memberId, metadata: { purchase_id: purchaseId, member_id: memberId, host_id: hostId, plan_type: 'weekly' } })
    const paid = stripe.pay(session!.id as string)
    const event = stripeEventOf('checkout.session.completed', paid)
    expect((await stripeWebhook()(await signedStripeRequest(event))).status).toBe(200)
    await pipeline.worker.runUntilIdle()
    return { purchaseId, event }
  }

  async function purchaseView(purchaseId: string) {
    const response = await checkout()(new Request(`http://localhost/functions/v1/checkout?purchase=${purchaseId}`, asMember()))
    expect(response.status).toBe(200)
    return purchaseViewSchema.parse(await response.json())
  }

  it('a Weekly payment makes three Airtable records, each with its share, then one of them is booked in place', async () => {
    const { purchaseId, event } = await payForWeekly()
    const records = operations()
    expect(records).toHaveLength(3)
    expect(records.map((r) => [r['Amount Cents'], r['Host Share Cents'], r['Platform Share Cents']]).sort()).toEqual([
      [1333, 1000, 333],
      [1333, 1000, 333],
      [1334, 1000, 334],
    ])
    for (const r of records) expect(r).toMatchObject({ Plan: 'Weekly', 'Payment Status': 'Paid', 'Credit Status': 'Available', 'Member Record ID': memberId, 'Host Record ID': hostId })
    expect(records.every((r) => r['Cal.com Booking ID'] === undefined)).toBe(true)

    // Stripe sends it again: nothing changes, and one confirmation message waits in the outbox.
    expect((await stripeWebhook()(await signedStripeRequest(event))).status).toBe(200)
    await pipeline.worker.runUntilIdle()
    expect(operations()).toHaveLength(3)
    expect(await pipeline.outbox.list()).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'sms.send', status: 'pending' })]))
    expect((await pipeline.outbox.list()).filter((job) => job.kind === 'sms.send')).toHaveLength(1)

    const view = await purchaseView(purchaseId)
    const credit = view.sessions[0]!
    const times = sessionTimes(72 * 60)
    await calcom.send(calcomEvents.created({ uid: 'bk-paid', ...times, memberId, paidSessionId: credit.id, attendeePhone: PHONE }))
    await calcom.settle()
    const after = operations()
    expect(after).toHaveLength(3)
    expect(after.find((r) => r['Session ID'] === credit.id)).toMatchObject({
      'Cal.com Booking ID': 'bk-paid',
      'Booking Status': 'Created',
      'Credit Status': 'Booked',
      'Video Room Status': 'Active',
      'Session Start Time': times.start,
    })
    const booked = (await purchaseView(purchaseId)).sessions.find((s) => s.id === credit.id)
    expect(booked?.booking?.bookingId).toBe('bk-paid')

    // The member cancels three days ahead: the credit is back, on the same record.
    await calcom.send(calcomEvents.cancelled({ uid: 'bk-paid', ...times, createdAt: new Date().toISOString() }, { cancelledBy: 'max@presence.example' }))
    await calcom.settle()
    expect(operations().find((r) => r['Session ID'] === credit.id)).toMatchObject({ 'Booking Status': 'Cancelled', 'Credit Status': 'Available' })
  })

  it('a booking straight on Cal.com, with no paid session, is its own flagged record', async () => {
    await payForWeekly()
    await calcom.send(calcomEvents.created({ uid: 'bk-direct', ...sessionTimes(72 * 60) }))
    await calcom.settle()
    expect(operations()).toHaveLength(4)
    expect(operations().find((r) => r['Cal.com Booking ID'] === 'bk-direct')).toMatchObject({ 'Payment Status': 'No Paid Session' })
    expect(operations().filter((r) => r['Credit Status'] === 'Available')).toHaveLength(3)
  })

  it('a forged token or none gets nothing and creates no purchase', async () => {
    const forged = await signJwtHs256({ sub: 'x', phone: PHONE.slice(1), aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 60 }, 'not-the-secret')
    for (const authorization of [`Bearer ${forged}`, '']) {
      const response = await checkout()(
        new Request('http://localhost/functions/v1/checkout', { method: 'POST', headers: { origin: APP_URL, authorization, 'content-type': 'application/json' }, body: JSON.stringify({ hostId, plan: 'adhoc' }) }),
      )
      expect(response.status).toBe(401)
    }
    expect(await db.sql`select 1 from purchases`).toHaveLength(0)
    expect(stripe.sessions.size).toBe(0)
  })
})
