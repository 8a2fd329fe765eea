import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { createLocalCheckoutPageHandler } from '../../supabase/functions/_shared/payments/local/localCheckoutPage.ts'
import { createLocalPayments } from '../../supabase/functions/_shared/payments/local/localPayments.ts'
import type { CheckoutRequest } from '../../supabase/functions/_shared/payments/payments.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createStripeWebhookHandler } from '../../supabase/functions/stripe-payment-confirm/handler.ts'
import { useTestDatabase } from '../support/database.ts'
import { freePort } from '../support/ports.ts'
import { openPurchase, TEST_STRIPE_WEBHOOK_SECRET, type TestPurchase } from '../support/stripe/stripeEvents.ts'
import { createStripeTestPipeline } from '../support/stripe/stripePipeline.ts'

const db = useTestDatabase()
const PAGES_URL = 'http://127.0.0.1:54399/local-stripe'

/** stripe-payment-confirm on a real port, so the stand-in's "Pay" goes over HTTP as it does locally. */
let server: Server
let webhookUrl: string
beforeAll(async () => {
  const handler = createStripeWebhookHandler({ secret: TEST_STRIPE_WEBHOOK_SECRET, inbox: createInbox(db.sql), wake: () => {}, log: silentLogger })
  server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', async () => {
      const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }))
      res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/functions/v1/stripe-payment-confirm`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

let pipeline: ReturnType<typeof createStripeTestPipeline>
beforeEach(async () => {
  await db.reset()
  pipeline = createStripeTestPipeline(db)
})

const sender = () => ({ webhookUrl, webhookSecret: TEST_STRIPE_WEBHOOK_SECRET })
const payments = () => createLocalPayments({ sql: db.sql, pagesUrl: PAGES_URL, ...sender() })
const page = () => createLocalCheckoutPageHandler({ sql: db.sql, ...sender() })

function checkoutFor(purchase: TestPurchase, key = purchase.id): CheckoutRequest {
  return {
    idempotencyKey: key,
    amountCents: purchase.plan === 'weekly' ? 4000 : 1800,
    currency: 'aud',
    productName: 'Presence Weekly plan with Jane Host (3 sessions)',
    metadata: { purchase_id: purchase.id, member_id: purchase.memberId, host_id: purchase.hostId, plan_type: purchase.plan },
    clientReferenceId: purchase.memberId,
    customerEmail: null,
    successUrl: `https://presence.test/book?purchase=${purchase.id}`,
    cancelUrl: `https://presence.test/plans?host=${purchase.hostId}&plan=${purchase.plan}&cancelled=1`,
  }
}

/** A purchase with its local Checkout Session, as the checkout function leaves it. */
async function startCheckout(plan: 'adhoc' | 'weekly' = 'weekly') {
  const purchase = await openPurchase(db.sql, plan)
  const session = await payments().createCheckoutSession(checkoutFor(purchase))
  await db.sql`update purchases set checkout_session_id = ${session.id}, checkout_url = ${session.url} where id = ${purchase.id}`
  return { purchase, session }
}

const pay = (url: string) => page()(new Request(`${url}/pay`, { method: 'POST' }))

describe('the local checkout stand-in', () => {
  it('shows the host, plan and amount, says it is a stand-in, and offers Cancel back to the plans page', async () => {
    const { purchase, session } = await startCheckout()
    expect(session.url).toBe(`${PAGES_URL}/checkout/${session.id}`)
    const response = await page()(new Request(session.url))
    expect(response.status).toBe(200)
    // Chromium applies form-action to the redirect after Pay too: the SPA's origin must be allowed.
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self' https://presence.test;")
    const html = await response.text()
    expect(html).toContain('Local checkout: a stand-in for Stripe')
    expect(html).toContain('Jane Host')
    expect(html).toContain('Weekly (3 sessions)')
    expect(html).toMatch(/Pay AUD\s40\.00/)
    expect(html).toContain(`href="https://presence.test/plans?host=${purchase.hostId}&#38;plan=weekly&#38;cancelled=1"`)
  })

  it('the same idempotency key answers the same session', async () => {
    const { purchase, session } = await startCheckout()
    expect((await payments().createCheckoutSession(checkoutFor(purchase))).id).toBe(session.id)
    expect((await payments().createCheckoutSession(checkoutFor(purchase, 'another attempt'))).id).not.toBe(session.id)
  })

  it('Pay posts a signed checkout.session.completed to stripe-payment-confirm, then redirects to the success URL; the worker makes the credits', async () => {
    const { purchase, session } = await startCheckout()
    const response = await pay(session.url)
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`https://presence.test/book?purchase=${purchase.id}`)
    const [delivery] = await db.sql<{ eventType: string; status: string }[]>`select event_type as "eventType", status from webhook_deliveries`
    expect(delivery).toEqual({ eventType: 'checkout.session.completed', status: 'pending' })
    await pipeline.settle()
    const sessions = await db.sql`select 1 from paid_sessions where purchase_id = ${purchase.id}`
    expect(sessions).toHaveLength(3)
    const [row] = await db.sql<{ status: string; paymentIntent: string }[]>`select payment_status as status, payment_intent_id as "paymentIntent" from purchases`
    expect(row!.status).toBe('paid')
    expect(row!.paymentIntent).toMatch(/^pi_local_/)
  })

  it('pressing Pay twice is one payment: the same event, counted once', async () => {
    const { purchase, session } = await startCheckout('adhoc')
    await pay(session.url)
    expect((await pay(session.url)).status).toBe(303)
    await pipeline.settle()
    const [delivery] = await db.sql<{ duplicates: number }[]>`select duplicates from webhook_deliveries`
    expect(delivery!.duplicates).toBe(1)
    expect(await db.sql`select 1 from paid_sessions where purchase_id = ${purchase.id}`).toHaveLength(1)
  })

  it('with stripe-payment-confirm unreachable, Pay says the payment was not confirmed instead of redirecting', async () => {
    const { session } = await startCheckout()
    const unreachable = createLocalCheckoutPageHandler({ sql: db.sql, webhookUrl: `http://127.0.0.1:${await freePort()}/functions/v1/stripe-payment-confirm`, webhookSecret: TEST_STRIPE_WEBHOOK_SECRET })
    const response = await unreachable(new Request(`${session.url}/pay`, { method: 'POST' }))
    expect(response.status).toBe(502)
    expect(await response.text()).toContain('The payment was not confirmed')
    expect(await db.sql`select 1 from webhook_deliveries`).toHaveLength(0)
  })

  it('an unknown checkout is a 404 page; GET on the Pay address is refused', async () => {
    expect((await page()(new Request(`${PAGES_URL}/checkout/cs_local_nope`))).status).toBe(404)
    const { session } = await startCheckout()
    expect((await page()(new Request(`${session.url}/pay`))).status).toBe(405)
  })

  it('a local refund posts charge.refunded and refund.updated the same way; the worker marks the credits; the same key is the same refund', async () => {
    const { purchase, session } = await startCheckout()
    await pay(session.url)
    await pipeline.settle()
    const [row] = await db.sql<{ paymentIntent: string }[]>`select payment_intent_id as "paymentIntent" from purchases`
    const ids = (await db.sql<{ id: string }[]>`select id::text from paid_sessions order by position`).map((r) => r.id)
    const request = { idempotencyKey: `refund:${purchase.id}:3`, paymentIntentId: row!.paymentIntent, amountCents: 1333, metadata: { purchase_id: purchase.id, paid_session_ids: ids[2]! } }
    const refund = await payments().createRefund(request)
    expect(refund).toMatchObject({ status: 'succeeded', amountCents: 1333, id: expect.stringMatching(/^re_local_/) })
    expect((await payments().createRefund(request)).id).toBe(refund.id)
    const events = await db.sql<{ eventType: string }[]>`select event_type as "eventType" from webhook_deliveries where event_type <> 'checkout.session.completed' order by id`
    expect(events.map((e) => e.eventType)).toEqual(['charge.refunded', 'refund.updated'])
    await pipeline.settle()
    const credits = await db.sql<{ credit: string }[]>`select credit_status as credit from paid_sessions order by position`
    expect(credits.map((c) => c.credit)).toEqual(['available', 'available', 'refunded'])

    await expect(payments().createRefund({ ...request, idempotencyKey: 'too much', amountCents: 4000 })).rejects.toThrow(/greater than unrefunded amount/)
    await expect(payments().createRefund({ ...request, idempotencyKey: 'unknown', paymentIntentId: 'pi_local_nope' })).rejects.toThrow(/No such payment_intent/)
  })
})
