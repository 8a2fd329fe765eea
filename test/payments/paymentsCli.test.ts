import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../scripts/cli/run.ts'
import { DEVELOPMENT_SECRETS } from '../../shared/config/loadConfig.ts'
import type { PlanId } from '../../shared/plans/catalog.ts'
import { createStripePayments } from '../../supabase/functions/_shared/payments/stripe/stripePayments.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { createStripeWebhookHandler } from '../../supabase/functions/stripe-payment-confirm/handler.ts'
import { captureIo } from '../cli/support.ts'
import { useTestDatabase } from '../support/database.ts'
import { openPurchase, stripeEventOf } from '../support/stripe/stripeEvents.ts'
import { createFakeStripe } from '../support/stripe/stripeHandlers.ts'
import { createStripeTestPipeline } from '../support/stripe/stripePipeline.ts'

const db = useTestDatabase()
const STRIPE_API_URL = 'https://stripe.test'
const SECRET_KEY = 'sk_test_presence_cli'
const stripe = createFakeStripe({ secretKey: SECRET_KEY, apiUrl: STRIPE_API_URL })
const msw = setupServer(...stripe.handlers)
// Only Stripe's API is faked; the replay test talks to a real local server.
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }))
afterAll(() => msw.close())
afterEach(() => stripe.reset())

let pipeline: ReturnType<typeof createStripeTestPipeline>
beforeEach(async () => {
  await db.reset()
  pipeline = createStripeTestPipeline(db)
})

const stripeEnv = () => ({ DATABASE_URL: db.url, STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: 'whsec_cli_test', STRIPE_API_URL })

async function cli(argv: string[], env: Record<string, string> = stripeEnv()) {
  const io = captureIo()
  const code = await runCli(argv, { ...io, env, fetch })
  return { code, out: io.out.join('\n'), err: io.err() }
}

/** A purchase paid through the fake Stripe: Checkout Session made, paid, and its completed event processed. */
async function paidPurchase(plan: PlanId = 'weekly') {
  const purchase = await openPurchase(db.sql, plan)
  const payments = createStripePayments({ secretKey: SECRET_KEY, apiUrl: STRIPE_API_URL, timeoutMs: 2_000 })
  const session = await payments.createCheckoutSession({
    idempotencyKey: purchase.id,
    amountCents: plan === 'weekly' ? 4000 : 1800,
    currency: 'aud',
    productName: 'Presence plan',
    metadata: { purchase_id: purchase.id, member_id: purchase.memberId, host_id: purchase.hostId, plan_type: plan },
    clientReferenceId: purchase.memberId,
    customerEmail: null,
    successUrl: 'https://presence.test/book',
    cancelUrl: 'https://presence.test/plans',
  })
  await db.sql`update purchases set checkout_session_id = ${session.id} where id = ${purchase.id}`
  await pipeline.send(stripeEventOf('checkout.session.completed', stripe.pay(session.id)))
  await pipeline.settle()
  const sessions = await db.sql<{ id: string }[]>`select id::text from paid_sessions where purchase_id = ${purchase.id} order by position`
  expect(sessions).toHaveLength(plan === 'weekly' ? 3 : 1)
  return { ...purchase, paidSessionIds: sessions.map((s) => s.id) }
}

async function credits(purchaseId: string) {
  const rows = await db.sql<{ credit: string; refunded: boolean }[]>`
    select credit_status as credit, refunded_at is not null as refunded from paid_sessions where purchase_id = ${purchaseId} order by position`
  return rows.map((row) => `${row.credit}${row.refunded ? '*' : ''}`)
}

describe('refunds create', () => {
  it('the whole payment: one Stripe refund naming every credit; a booked one is flagged, not freed; twice refunds once', async () => {
    const purchase = await paidPurchase()
    await db.sql`update paid_sessions set credit_status = 'booked' where id = ${purchase.paidSessionIds[0]!}`
    const first = await cli(['refunds', 'create', purchase.id])
    expect(first.err).toBe('')
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/Refund re_test_\w+: AUD\s40\.00 of purchase .*, succeeded, for 3 credits \(#1, #2, #3\)/)
    expect(first.out).toContain('#1 was already booked or used: flagged on the record for an operator.')
    const [refund] = [...stripe.refunds.values()]
    expect(refund).toMatchObject({ amount: 4000, metadata: { purchase_id: purchase.id, paid_session_ids: purchase.paidSessionIds.join(',') } })
    expect(await credits(purchase.id)).toEqual(['booked*', 'refunded*', 'refunded*'])

    const again = await cli(['refunds', 'create', purchase.id])
    expect(again.code).toBe(1)
    expect(again.err).toContain('is already refunded')
    expect(stripe.refunds.size).toBe(1)
  })

  it('--unused-only refunds the unused credits’ share (1333 + 1333 of a Weekly with one booked), then only what is left', async () => {
    const purchase = await paidPurchase()
    await db.sql`update paid_sessions set credit_status = 'booked' where id = ${purchase.paidSessionIds[0]!}`
    const unused = await cli(['refunds', 'create', purchase.id, '--unused-only'])
    expect(unused.code).toBe(0)
    expect([...stripe.refunds.values()].map((r) => r.amount)).toEqual([2666])
    expect(await credits(purchase.id)).toEqual(['booked', 'refunded*', 'refunded*'])

    const none = await cli(['refunds', 'create', purchase.id, '--unused-only'])
    expect(none.code).toBe(1)
    expect(none.err).toContain('no unused credits left')

    expect((await cli(['refunds', 'create', purchase.id])).code).toBe(0)
    expect([...stripe.refunds.values()].map((r) => r.amount)).toEqual([2666, 1334])
    const [row] = await db.sql<{ refunded: number }[]>`select refunded_cents as refunded from purchases where id = ${purchase.id}`
    expect(row!.refunded).toBe(4000)
  })

  it('after a crash between Stripe’s refund and our record, running it again is the same refund (same idempotency key)', async () => {
    const purchase = await paidPurchase('adhoc')
    expect((await cli(['refunds', 'create', purchase.id])).code).toBe(0)
    // As if the CLI had died before writing what Stripe answered.
    await db.sql`delete from refunds`
    await db.sql`update paid_sessions set refund_id = null, refunded_at = null, credit_status = 'available'`
    await db.sql`update purchases set refunded_cents = 0`
    expect((await cli(['refunds', 'create', purchase.id])).code).toBe(0)
    expect(stripe.refunds.size).toBe(1)
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds').map((r) => r.replayed)).toEqual([false, true])
    expect(await credits(purchase.id)).toEqual(['refunded*'])
  })

  it('Stripe busy then answering: retried with the same key, refunded once', async () => {
    const purchase = await paidPurchase('adhoc')
    stripe.failNext(1, 429)
    expect((await cli(['refunds', 'create', purchase.id])).code).toBe(0)
    const calls = stripe.requests.filter((r) => r.path === '/v1/refunds')
    expect(calls.map((r) => r.status)).toEqual([429, 200])
    expect(new Set(calls.map((r) => r.idempotencyKey)).size).toBe(1)
  })

  it('refuses an unknown purchase and one not paid, changing nothing', async () => {
    const open = await openPurchase(db.sql)
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nonsense', open.id]) {
      const result = await cli(['refunds', 'create', id])
      expect(result.code).toBe(1)
    }
    expect((await cli(['refunds', 'create', open.id])).err).toContain('is open, not paid')
    expect(stripe.requests.filter((r) => r.path === '/v1/refunds')).toEqual([])
    expect(await db.sql`select 1 from refunds`).toHaveLength(0)
  })
})

describe('purchases list', () => {
  it('shows payments in AUD with credits used and left and refunds; --member filters; --json gives cents', async () => {
    const weekly = await paidPurchase()
    await db.sql`update paid_sessions set credit_status = 'used' where id = ${weekly.paidSessionIds[0]!}`
    await cli(['refunds', 'create', weekly.id, '--unused-only'])
    const adhoc = await paidPurchase('adhoc')

    const table = await cli(['purchases', 'list'])
    expect(table.code).toBe(0)
    const lines = table.out.split('\n')
    expect(lines[0]).toMatch(/^PURCHASE\s+CREATED \(UTC\)\s+MEMBER\s+HOST\s+PLAN\s+STATUS\s+AMOUNT\s+CREDITS\s+REFUNDED$/)
    const weeklyLine = lines.find((line) => line.startsWith(weekly.id))!
    expect(weeklyLine).toMatch(/Weekly\s+paid\s+AUD\s40\.00\s+1 used, 0 left, 2 refunded\s+AUD\s26\.66 \(re_test_\w+ succeeded\)/)
    expect(lines.find((line) => line.startsWith(adhoc.id))).toMatch(/Adhoc\s+paid\s+AUD\s18\.00\s+0 used, 1 left\s+-$/)

    const mine = await cli(['purchases', 'list', '--member', adhoc.memberId, '--json'])
    const rows = JSON.parse(mine.out) as { id: string; amountCents: number; credits: unknown }[]
    expect(rows).toEqual([expect.objectContaining({ id: adhoc.id, amountCents: 1800, credits: { total: 1, used: 0, left: 1, refunded: 0 } })])
  })

  it('the payment-confirmation SMS waits in jobs list until the messages worker sends it', async () => {
    const purchase = await paidPurchase('adhoc')
    const table = await cli(['jobs', 'list', '--status', 'pending'])
    expect(table.out).toMatch(/sms\.send\s+sms:payment-confirmation:\S+\s+pending/)
    const jobs = JSON.parse((await cli(['jobs', 'list', '--json'])).out) as { kind: string; idempotencyKey: string; status: string }[]
    expect(jobs.filter((job) => job.kind === 'sms.send')).toEqual([
      expect.objectContaining({ idempotencyKey: `sms:payment-confirmation:${purchase.id}:member`, status: 'pending' }),
    ])
  })

  it('says so when there are none', async () => {
    expect((await cli(['purchases', 'list'])).out).toBe('No purchases yet.')
  })
})

describe('replay --provider stripe and events list --provider stripe', () => {
  let server: Server
  let functionsUrl: string
  let dir: string
  beforeAll(async () => {
    // stripe-payment-confirm as the local stack serves it, verifying with the development secret.
    const handler = createStripeWebhookHandler({ secret: DEVELOPMENT_SECRETS.stripeWebhook, inbox: createInbox(db.sql), wake: () => {}, log: silentLogger })
    server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', async () => {
        const response = await handler(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks) }))
        res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text())
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    functionsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/functions/v1`
    dir = await mkdtemp(join(tmpdir(), 'presence-stripe-replay-'))
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await rm(dir, { recursive: true, force: true })
  })

  it('signs a saved event with the SDK’s test header; the function verifies and records it; events list shows it', async () => {
    const file = join(dir, 'event.json')
    await writeFile(file, `${JSON.stringify(stripeEventOf('customer.created', { id: 'cus_1', object: 'customer' }, 'evt_replayed_1'), null, 2)}\n`)
    const env = { DATABASE_URL: db.url, FUNCTIONS_URL: functionsUrl }
    const replay = await cli(['replay', '--provider', 'stripe', file], env)
    expect(replay.out).toContain(`POST ${functionsUrl}/stripe-payment-confirm`)
    expect(replay.out).toContain('HTTP 200')
    expect(replay.code).toBe(0)
    const [delivery] = await db.sql<{ eventId: string; provider: string }[]>`select event_id as "eventId", provider from webhook_deliveries`
    expect(delivery).toEqual({ eventId: 'evt_replayed_1', provider: 'stripe' })

    const listed = await cli(['events', 'list', '--provider', 'stripe'], env)
    expect(listed.code).toBe(0)
    expect(listed.out).toContain('customer.created')
    expect(listed.out).toContain('stripe')
  })
})
