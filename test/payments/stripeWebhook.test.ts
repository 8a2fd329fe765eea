import { beforeEach, describe, expect, it } from 'vitest'
import { PLANS } from '../../shared/plans/catalog.ts'
import { useTestDatabase } from '../support/database.ts'
import { letBackoffElapse } from '../support/pipeline.ts'
import { checkoutSessionOf, openPurchase, paymentIntentOf, refundOf, signedStripeRequest, stripeEventOf, type TestPurchase } from '../support/stripe/stripeEvents.ts'
import { createStripeTestPipeline } from '../support/stripe/stripePipeline.ts'

const db = useTestDatabase()
let pipeline: ReturnType<typeof createStripeTestPipeline>

beforeEach(async () => {
  await db.reset()
  pipeline = createStripeTestPipeline(db)
})

async function count(table: 'webhook_deliveries' | 'paid_sessions' | 'outbox_jobs' | 'refunds'): Promise<number> {
  const [row] = await db.sql.unsafe<{ count: number }[]>(`select count(*)::int as count from ${table}`)
  return row!.count
}

async function purchaseState(id: string) {
  const [row] = await db.sql<{ status: string; paymentIntent: string | null; refundedCents: number }[]>`
    select payment_status as status, payment_intent_id as "paymentIntent", refunded_cents as "refundedCents" from purchases where id = ${id}`
  return row!
}

async function paidSessions(purchaseId: string) {
  return db.sql<{ id: string; position: number; amount: number; host: number; platform: number; credit: string; refundId: string | null; refunded: boolean }[]>`
    select id::text, position, amount_cents as amount, host_share_cents as host, platform_share_cents as platform, credit_status as credit,
      refund_id as "refundId", refunded_at is not null as refunded
    from paid_sessions where purchase_id = ${purchaseId} order by position`
}

async function jobKeys(kind: string): Promise<string[]> {
  const rows = await db.sql<{ key: string }[]>`select idempotency_key as key from outbox_jobs where kind = ${kind} order by id`
  return rows.map((row) => row.key)
}

const completed = (purchase: TestPurchase, overrides: Record<string, unknown> = {}, id?: string) =>
  stripeEventOf('checkout.session.completed', checkoutSessionOf(purchase, overrides), id)

describe('stripe-payment-confirm: only Stripe-signed, fresh events are written', () => {
  it.each([
    ['no Stripe-Signature header', async (body: string) => new Request('http://localhost/', { method: 'POST', body })],
    ['a signature made with another secret', (body: string) => signedStripeRequest(body, { secret: 'whsec_someone_else' })],
    ['a timestamp 301 s old', (body: string) => signedStripeRequest(body, { timestamp: Math.floor(Date.now() / 1000) - 301 })],
    [
      'a body changed after signing',
      async (body: string) => {
        const signed = await signedStripeRequest(body)
        return new Request(signed.url, { method: 'POST', headers: signed.headers, body: body.replace('"paid"', '"PAID"') })
      },
    ],
  ])('refuses %s with 400 and writes nothing', async (_name, build) => {
    const purchase = await openPurchase(db.sql)
    const response = await pipeline.handler(await build(JSON.stringify(completed(purchase))))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/^invalid_signature$/) })
    expect(await count('webhook_deliveries')).toBe(0)
    expect(pipeline.wakes()).toBe(0)
  })

  it('a signed body that is not JSON is 400 invalid_json, nothing written', async () => {
    const response = await pipeline.handler(await signedStripeRequest('{"id": "evt_1", '))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_json' })
    expect(await count('webhook_deliveries')).toBe(0)
  })

  it('a signed body that is not an event is 422 and kept as failed with the reason, for the sender to see', async () => {
    const response = await pipeline.handler(await signedStripeRequest({ id: 'evt_no_type', object: 'event', data: { object: {} } }))
    expect(response.status).toBe(422)
    const [row] = await db.sql<{ status: string; lastError: string }[]>`select status, last_error as "lastError" from webhook_deliveries`
    expect(row).toEqual({ status: 'failed', lastError: expect.stringMatching(/^not a Stripe event: .*type/) })
    expect(pipeline.wakes()).toBe(0)
  })

  it('accepts a signature 299 s old', async () => {
    const purchase = await openPurchase(db.sql)
    const response = await pipeline.handler(await signedStripeRequest(completed(purchase), { timestamp: Math.floor(Date.now() / 1000) - 299 }))
    expect(response.status).toBe(200)
    expect(await count('webhook_deliveries')).toBe(1)
  })

  it('answers 405 to a GET', async () => {
    const response = await pipeline.handler(new Request('http://localhost/', { method: 'GET' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
  })

  it('keeps an unknown event type as ignored, with the reason, and answers 200', async () => {
    const response = await pipeline.send(stripeEventOf('customer.created', { id: 'cus_1', object: 'customer' }))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ignored', type: 'customer.created' })
    const [row] = await db.sql<{ status: string; lastError: string; provider: string }[]>`
      select status, last_error as "lastError", provider from webhook_deliveries`
    expect(row).toEqual({ status: 'ignored', lastError: 'Stripe event customer.created is not handled', provider: 'stripe' })
    expect(pipeline.wakes()).toBe(0)
  })
})

describe('a paid Checkout Session becomes the plan’s paid sessions', () => {
  it.each([
    ['adhoc', [[1800, 1206, 594]]],
    [
      'weekly',
      [
        [1334, 1000, 334],
        [1333, 1000, 333],
        [1333, 1000, 333],
      ],
    ],
  ] as const)('%s: its sessions with the host/platform split, summing to the price', async (plan, expected) => {
    const purchase = await openPurchase(db.sql, plan)
    expect((await pipeline.send(completed(purchase))).status).toBe(200)
    await pipeline.settle()

    const sessions = await paidSessions(purchase.id)
    expect(sessions.map((s) => [s.amount, s.host, s.platform])).toEqual(expected)
    expect(sessions.every((s) => s.credit === 'available')).toBe(true)
    expect(sessions.reduce((sum, s) => sum + s.amount, 0)).toBe(PLANS[plan].priceCents)
    expect(await purchaseState(purchase.id)).toMatchObject({ status: 'paid', paymentIntent: paymentIntentOf(purchase) })
    expect(await jobKeys('record.sync')).toEqual(sessions.map((s) => `record.sync:${s.id}`))
    expect(await jobKeys('sms.send')).toEqual([`sms:payment-confirmation:${purchase.id}:member`])
    const [sms] = await db.sql<{ status: string; payload: unknown }[]>`select status, payload from outbox_jobs where kind = 'sms.send'`
    // No worker sends SMS yet: the job waits, for `presence jobs list` to show.
    expect(sms).toEqual({ status: 'pending', payload: { message: 'payment-confirmation', purchaseId: purchase.id, to: { role: 'member', memberId: purchase.memberId } } })
  })

  it('the same event three times at once: one delivery, one set of paid sessions, one SMS job', async () => {
    const purchase = await openPurchase(db.sql)
    const event = completed(purchase)
    const answers = await Promise.all([pipeline.send(event), pipeline.send(event), pipeline.send(event)])
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200])
    const bodies = await Promise.all(answers.map((a) => a.json() as Promise<{ status: string }>))
    expect(bodies.map((b) => b.status).sort()).toEqual(['accepted', 'duplicate', 'duplicate'])
    await pipeline.settle()
    expect(await count('webhook_deliveries')).toBe(1)
    expect(await paidSessions(purchase.id)).toHaveLength(3)
    expect(await jobKeys('sms.send')).toHaveLength(1)
  })

  it('completed then async_payment_succeeded (two events, one payment): nothing doubles', async () => {
    const purchase = await openPurchase(db.sql)
    await pipeline.send(completed(purchase))
    await pipeline.send(stripeEventOf('checkout.session.async_payment_succeeded', checkoutSessionOf(purchase)))
    await pipeline.settle()
    expect(await paidSessions(purchase.id)).toHaveLength(3)
    expect(await jobKeys('sms.send')).toHaveLength(1)
    expect(await jobKeys('record.sync')).toHaveLength(3)
  })

  it('a replayed delivery run again changes nothing', async () => {
    const purchase = await openPurchase(db.sql, 'adhoc')
    await pipeline.send(completed(purchase))
    await pipeline.settle()
    const before = await paidSessions(purchase.id)
    await db.sql`update webhook_deliveries set status = 'pending'`
    await pipeline.settle()
    expect(await paidSessions(purchase.id)).toEqual(before)
    expect(await count('outbox_jobs')).toBe(2)
  })

  it('completed but unpaid (a delayed method): awaiting payment, nothing bookable until async success', async () => {
    const purchase = await openPurchase(db.sql)
    await pipeline.send(completed(purchase, { payment_status: 'unpaid' }))
    await pipeline.settle()
    expect((await purchaseState(purchase.id)).status).toBe('awaiting_payment')
    expect(await paidSessions(purchase.id)).toEqual([])
    expect(await jobKeys('sms.send')).toEqual([])

    await pipeline.send(stripeEventOf('checkout.session.async_payment_succeeded', checkoutSessionOf(purchase)))
    await pipeline.settle()
    expect((await purchaseState(purchase.id)).status).toBe('paid')
    expect(await paidSessions(purchase.id)).toHaveLength(3)
  })

  it('async_payment_failed records failed; expired records expired; neither downgrades a paid purchase', async () => {
    const failing = await openPurchase(db.sql)
    await pipeline.send(completed(failing, { payment_status: 'unpaid' }))
    await pipeline.send(stripeEventOf('checkout.session.async_payment_failed', checkoutSessionOf(failing, { payment_status: 'unpaid' })))
    const expiring = await openPurchase(db.sql)
    await pipeline.send(stripeEventOf('checkout.session.expired', checkoutSessionOf(expiring, { payment_status: 'unpaid', status: 'expired', payment_intent: null })))
    const paid = await openPurchase(db.sql)
    await pipeline.send(completed(paid))
    await pipeline.settle()
    await pipeline.send(stripeEventOf('checkout.session.expired', checkoutSessionOf(paid, { payment_status: 'unpaid', status: 'expired' })))
    await pipeline.send(stripeEventOf('checkout.session.async_payment_failed', checkoutSessionOf(paid, { payment_status: 'unpaid' })))
    await pipeline.settle()

    expect((await purchaseState(failing.id)).status).toBe('failed')
    expect(await paidSessions(failing.id)).toEqual([])
    expect((await purchaseState(expiring.id)).status).toBe('expired')
    expect((await purchaseState(paid.id)).status).toBe('paid')
    expect(await paidSessions(paid.id)).toHaveLength(3)
  })

  it.each([
    ['an amount that is not the plan’s', { amount_total: 100 }, /amount_total 100/],
    ['another currency', { currency: 'usd' }, /currency usd/],
    ['another plan', { metadata: {} }, /plan_type/],
  ])('%s fails the delivery with a clear reason and creates nothing', async (_name, overrides, reason) => {
    const purchase = await openPurchase(db.sql)
    const session = checkoutSessionOf(purchase, overrides)
    if ('metadata' in overrides) session.metadata = { purchase_id: purchase.id, member_id: purchase.memberId, host_id: purchase.hostId, plan_type: 'adhoc' }
    await pipeline.send(stripeEventOf('checkout.session.completed', session))
    await pipeline.settle()
    const [delivery] = await db.sql<{ status: string; lastError: string }[]>`select status, last_error as "lastError" from webhook_deliveries`
    expect(delivery!.status).toBe('failed')
    expect(delivery!.lastError).toMatch(reason)
    expect((await purchaseState(purchase.id)).status).toBe('open')
    expect(await count('paid_sessions')).toBe(0)
    expect(await count('outbox_jobs')).toBe(0)
  })
})

describe('refunds mark paid sessions', () => {
  async function paidPurchase(plan: 'adhoc' | 'weekly' = 'weekly') {
    const purchase = await openPurchase(db.sql, plan)
    await pipeline.send(completed(purchase))
    await pipeline.settle()
    return purchase
  }

  it('a dashboard refund of one session’s amount marks the last unused session; a booked one is passed over', async () => {
    const purchase = await paidPurchase()
    const [first, , third] = await paidSessions(purchase.id)
    await db.sql`update paid_sessions set credit_status = 'booked' where id = ${third!.id}`
    await pipeline.send(stripeEventOf('refund.created', refundOf(purchase, 1333)))
    await pipeline.settle()
    const sessions = await paidSessions(purchase.id)
    expect(sessions.map((s) => [s.credit, s.refunded])).toEqual([
      ['available', false],
      ['refunded', true],
      ['booked', false],
    ])
    expect(first!.credit).toBe('available')
    expect((await purchaseState(purchase.id)).refundedCents).toBe(1333)
  })

  it('a full refund marks every session; a booked one keeps its status and is flagged by refunded_at', async () => {
    const purchase = await paidPurchase()
    const [first] = await paidSessions(purchase.id)
    await db.sql`update paid_sessions set credit_status = 'booked' where id = ${first!.id}`
    const refund = refundOf(purchase, 4000)
    await pipeline.send(stripeEventOf('refund.updated', refund))
    await pipeline.settle()
    const sessions = await paidSessions(purchase.id)
    expect(sessions.map((s) => [s.credit, s.refundId])).toEqual([
      ['booked', refund.id],
      ['refunded', refund.id],
      ['refunded', refund.id],
    ])
    // Each changed paid session's record is synced again.
    const [job] = await db.sql<{ generation: number }[]>`select generation from outbox_jobs where idempotency_key = ${`record.sync:${first!.id}`}`
    expect(job!.generation).toBeGreaterThan(1)
  })

  it('a refund naming its sessions (our CLI) marks exactly those, once, whatever order its events come in', async () => {
    const purchase = await paidPurchase()
    const [first, second] = await paidSessions(purchase.id)
    const refund = refundOf(purchase, 1333, { metadata: { purchase_id: purchase.id, paid_session_ids: `${first!.id},${second!.id}` } })
    await pipeline.send(stripeEventOf('refund.updated', refund))
    await pipeline.send(stripeEventOf('refund.created', { ...refund, status: 'pending' }))
    await pipeline.send(stripeEventOf('refund.updated', refund))
    await pipeline.settle()
    expect((await paidSessions(purchase.id)).map((s) => s.credit)).toEqual(['refunded', 'refunded', 'available'])
    const [row] = await db.sql<{ status: string }[]>`select status from refunds`
    expect(row!.status).toBe('succeeded')
    expect(await count('refunds')).toBe(1)
  })

  it('a refund that fails after it succeeded gives the credits back', async () => {
    const purchase = await paidPurchase('adhoc')
    const refund = refundOf(purchase, 1800)
    await pipeline.send(stripeEventOf('refund.updated', refund))
    await pipeline.settle()
    expect((await paidSessions(purchase.id))[0]!.credit).toBe('refunded')
    await pipeline.send(stripeEventOf('refund.failed', { ...refund, status: 'failed' }))
    await pipeline.settle()
    expect((await paidSessions(purchase.id))[0]).toMatchObject({ credit: 'available', refunded: false, refundId: null })
    expect((await purchaseState(purchase.id)).refundedCents).toBe(0)
  })

  it('charge.refunded for the whole charge marks every session', async () => {
    const purchase = await paidPurchase()
    const charge = { id: 'ch_test_full', object: 'charge', amount: 4000, amount_refunded: 4000, refunded: true, payment_intent: paymentIntentOf(purchase), metadata: {} }
    await pipeline.send(stripeEventOf('charge.refunded', charge))
    await pipeline.settle()
    expect((await paidSessions(purchase.id)).map((s) => s.credit)).toEqual(['refunded', 'refunded', 'refunded'])
    expect((await purchaseState(purchase.id)).refundedCents).toBe(4000)
  })

  it('a refund that arrives before the payment is kept and applied once the payment is', async () => {
    const purchase = await openPurchase(db.sql)
    await pipeline.send(stripeEventOf('refund.created', refundOf(purchase, 1333)))
    await pipeline.settle()
    const [waiting] = await db.sql<{ status: string; lastError: string }[]>`select status, last_error as "lastError" from webhook_deliveries`
    expect(waiting).toMatchObject({ status: 'pending', lastError: expect.stringContaining('no purchase is paid with payment') })

    await pipeline.send(completed(purchase))
    await pipeline.settle()
    await letBackoffElapse(db)
    await pipeline.settle()
    expect((await paidSessions(purchase.id)).map((s) => s.credit)).toEqual(['available', 'available', 'refunded'])
    expect(await db.sql`select 1 from webhook_deliveries where status <> 'processed'`).toHaveLength(0)
  })

  it('a refund naming a purchase that is not paid yet is recorded, then applied by the payment', async () => {
    const purchase = await openPurchase(db.sql, 'adhoc')
    await pipeline.send(stripeEventOf('refund.updated', refundOf(purchase, 1800, { metadata: { purchase_id: purchase.id } })))
    await pipeline.settle()
    expect(await count('refunds')).toBe(1)
    await pipeline.send(completed(purchase))
    await pipeline.settle()
    expect((await paidSessions(purchase.id))[0]).toMatchObject({ credit: 'refunded', refunded: true })
  })
})
