import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { checkoutCreatedSchema, purchaseViewSchema } from '../../shared/api/checkout.ts'
import { verifySessionToken } from '../../shared/links/sessionLinks.ts'
import type { SignedInUser } from '../../supabase/functions/_shared/auth/signedInUser.ts'
import { UnauthorizedError } from '../../supabase/functions/_shared/errors.ts'
import type { CheckoutRequest } from '../../supabase/functions/_shared/payments/payments.ts'
import { createStripePayments } from '../../supabase/functions/_shared/payments/stripe/stripePayments.ts'
import { STRIPE_CHECKOUT_RETRY } from '../../supabase/functions/_shared/payments/stripe/retryPolicy.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createCheckoutHandler, type CheckoutDeps } from '../../supabase/functions/checkout/handler.ts'
import { useTestDatabase } from '../support/database.ts'
import { createFakeStripe } from '../support/stripe/stripeHandlers.ts'

const db = useTestDatabase()
/** Not Stripe's host, on plain http and its own port: the SDK must honour all three of STRIPE_API_URL. */
const STRIPE_API_URL = 'http://stripe.test:12111'
const SECRET_KEY = 'sk_test_presence_checkout'
const APP_URL = 'https://presence.test'
const LINK_SECRET = 'test-link-secret'
const stripe = createFakeStripe({ secretKey: SECRET_KEY, apiUrl: STRIPE_API_URL })
const server = setupServer(...stripe.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
afterEach(() => stripe.reset())

const MEMBER_PHONE = '+61400000002'
let hostId: string
let memberId: string
let signedIn: SignedInUser | null
const sleeps: number[] = []

/** Stands in for the Supabase JWT check (tested with the auth code): this request is this user, or 401. */
const authenticate = async (): Promise<SignedInUser> => {
  if (!signedIn) throw new UnauthorizedError('Sign in first')
  return signedIn
}

function handler(options: { secretKey?: string } = {}) {
  return createCheckoutHandler({ ...deps(), payments: createStripePayments({ secretKey: options.secretKey ?? SECRET_KEY, apiUrl: STRIPE_API_URL, timeoutMs: 2_000 }) })
}

function deps(): CheckoutDeps {
  return {
    sql: db.sql,
    directory: createPostgresDirectory(db.sql),
    payments: createStripePayments({ secretKey: SECRET_KEY, apiUrl: STRIPE_API_URL, timeoutMs: 2_000 }),
    authenticate,
    retry: STRIPE_CHECKOUT_RETRY,
    appUrl: APP_URL,
    linkSigningSecret: LINK_SECRET,
    cancellationCutoffHours: 24,
    log: silentLogger,
    sleep: async (ms) => {
      sleeps.push(ms)
    },
  }
}

const post = (body: unknown) =>
  handler()(new Request('http://localhost/functions/v1/checkout', { method: 'POST', headers: { 'content-type': 'application/json', origin: APP_URL }, body: JSON.stringify(body) }))
const get = (purchase: string) => handler()(new Request(`http://localhost/functions/v1/checkout?purchase=${encodeURIComponent(purchase)}`, { headers: { origin: APP_URL } }))

async function purchases() {
  return db.sql<{ id: string; status: string; amount: number; plan: string; checkoutId: string | null }[]>`
    select id::text, payment_status as status, amount_cents as amount, plan, checkout_session_id as "checkoutId" from purchases order by created_at`
}

beforeEach(async () => {
  await db.reset()
  sleeps.length = 0
  const [host] = await db.sql<{ id: string }[]>`
    insert into hosts (name, email, phone, status, cal_link) values ('Jane O''Connor', 'jane@example.com', '+61400000001', 'Active', 'jane/session') returning id::text`
  const [member] = await db.sql<{ id: string }[]>`insert into members (name, email, phone) values ('Mia Member', 'mia@example.com', ${MEMBER_PHONE}) returning id::text`
  hostId = host!.id
  memberId = member!.id
  signedIn = { userId: 'auth-user-1', phone: MEMBER_PHONE }
})

describe('POST /checkout creates a Checkout Session at the catalog’s price', () => {
  it('weekly: one line item of AUD 40.00 whatever the browser says, with metadata, a key per attempt and the return URLs', async () => {
    const response = await post({ hostId, plan: 'weekly', amount: 1, unit_amount: 1 })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_URL)
    const body = checkoutCreatedSchema.parse(await response.json())
    const [purchase] = await purchases()
    expect(body.purchaseId).toBe(purchase!.id)

    const [request] = stripe.requests
    expect(request!.path).toBe('/v1/checkout/sessions')
    expect(request!.idempotencyKey).toBe(purchase!.id)
    expect(request!.params).toMatchObject({
      mode: 'payment',
      line_items: [{ quantity: '1', price_data: { currency: 'aud', unit_amount: '4000', product_data: { name: expect.stringContaining('Weekly') } } }],
      metadata: { purchase_id: purchase!.id, member_id: memberId, host_id: hostId, plan_type: 'weekly' },
      client_reference_id: memberId,
      success_url: `${APP_URL}/book?purchase=${purchase!.id}`,
      cancel_url: `${APP_URL}/plans?host=${hostId}&plan=weekly&cancelled=1`,
    })
    const session = stripe.sessions.get(purchase!.checkoutId!)!
    expect(body.url).toBe(session.url)
    expect(session.amount_total).toBe(4000)
    expect(purchase).toMatchObject({ status: 'open', amount: 4000, plan: 'weekly' })
  })

  it('two checkouts are two attempts: two purchases, two keys, two sessions', async () => {
    await post({ hostId, plan: 'adhoc' })
    await post({ hostId, plan: 'adhoc' })
    const keys = stripe.requests.map((request) => request.idempotencyKey)
    expect(new Set(keys).size).toBe(2)
    expect(stripe.sessions.size).toBe(2)
    expect((await purchases()).map((p) => p.amount)).toEqual([1800, 1800])
  })

  it('a 429 is retried with the same key, and one session is made', async () => {
    stripe.failNext(1, 429)
    const response = await post({ hostId, plan: 'adhoc' })
    expect(response.status).toBe(200)
    expect(stripe.requests.map((r) => r.status)).toEqual([429, 200])
    expect(new Set(stripe.requests.map((r) => r.idempotencyKey)).size).toBe(1)
    expect(stripe.sessions.size).toBe(1)
    expect(sleeps).toEqual([500])
  })

  it('a lost answer is retried with the same key: Stripe replays the session it made instead of making another', async () => {
    const first = await post({ hostId, plan: 'adhoc' })
    const { purchaseId } = checkoutCreatedSchema.parse(await first.json())
    // The same request again, as a retry after a dropped answer sends it.
    const payments = createStripePayments({ secretKey: SECRET_KEY, apiUrl: STRIPE_API_URL, timeoutMs: 2_000 })
    const sent = stripe.requests[0]!.params as {
      line_items: { price_data: { product_data: { name: string } } }[]
      metadata: CheckoutRequest['metadata']
      success_url: string
      cancel_url: string
      client_reference_id: string
      customer_email: string
    }
    const request: CheckoutRequest = {
      idempotencyKey: purchaseId,
      amountCents: 1800,
      currency: 'aud',
      productName: sent.line_items[0]!.price_data.product_data.name,
      metadata: sent.metadata,
      clientReferenceId: sent.client_reference_id,
      customerEmail: sent.customer_email,
      successUrl: sent.success_url,
      cancelUrl: sent.cancel_url,
    }
    const again = await payments.createCheckoutSession(request)
    expect(stripe.requests[1]!.replayed).toBe(true)
    expect(again.id).toBe((await purchases())[0]!.checkoutId)
    expect(stripe.sessions.size).toBe(1)
    // The same key with other parameters is Stripe's idempotency_error, and is not worth retrying.
    await expect(payments.createCheckoutSession({ ...request, amountCents: 1 })).rejects.toMatchObject({ retryable: false, type: 'idempotency_error' })
  })

  it('Stripe busy on every attempt: 503 provider_unavailable after 3 attempts, the purchase left open with no session', async () => {
    stripe.failNext(3, 429)
    const response = await post({ hostId, plan: 'weekly' })
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ error: 'provider_unavailable', message: expect.stringContaining('rate_limit') })
    expect(stripe.requests).toHaveLength(3)
    expect(await purchases()).toMatchObject([{ status: 'open', checkoutId: null }])
  })

  it('a dropped connection and a 500 are retried too', async () => {
    stripe.dropNext(1)
    stripe.failNext(1, 500)
    expect((await post({ hostId, plan: 'weekly' })).status).toBe(200)
    expect(stripe.sessions.size).toBe(1)
  })

  it('a call that times out is retried with the same key; the late answer and the retry are one session', async () => {
    stripe.stallNext(1, 600)
    const slow = createCheckoutHandler({ ...deps(), payments: createStripePayments({ secretKey: SECRET_KEY, apiUrl: STRIPE_API_URL, timeoutMs: 150 }) })
    const response = await slow(new Request('http://localhost/', { method: 'POST', body: JSON.stringify({ hostId, plan: 'weekly' }) }))
    expect(response.status).toBe(200)
    expect(sleeps).toEqual([500])
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect(stripe.requests.map((r) => r.replayed)).toEqual([true, false])
    expect(new Set(stripe.requests.map((r) => r.idempotencyKey)).size).toBe(1)
    expect(stripe.sessions.size).toBe(1)
    expect((await purchases())[0]!.checkoutId).toBe([...stripe.sessions.keys()][0])
  })

  it('a wrong secret key is a 502 at once, not retried', async () => {
    const response = await handler({ secretKey: 'sk_test_wrong_key_123' })(
      new Request('http://localhost/', { method: 'POST', body: JSON.stringify({ hostId, plan: 'adhoc' }) }),
    )
    expect(response.status).toBe(502)
    expect(stripe.requests).toHaveLength(1)
  })

  it.each([
    ['an unknown plan', () => ({ hostId, plan: 'monthly' }), 400, 'invalid_request'],
    ['no host', () => ({ plan: 'adhoc' }), 400, 'invalid_request'],
    ['an unknown host', () => ({ hostId: '00000000-0000-4000-8000-000000000000', plan: 'adhoc' }), 404, 'not_found'],
    ['a malformed host id', () => ({ hostId: "x' or 1=1", plan: 'adhoc' }), 404, 'not_found'],
  ])('%s: %s, nothing written, Stripe not called', async (_name, body, status, code) => {
    const response = await post(body())
    expect(response.status).toBe(status)
    expect(await response.json()).toMatchObject({ error: code })
    expect(await purchases()).toEqual([])
    expect(stripe.requests).toEqual([])
  })

  it('an inactive host: 409 host_unavailable', async () => {
    await db.sql`update hosts set status = 'Inactive'`
    const response = await post({ hostId, plan: 'adhoc' })
    expect(response.status).toBe(409)
    expect(await response.json()).toMatchObject({ error: 'host_unavailable' })
    expect(await purchases()).toEqual([])
  })

  it('not signed in: 401; signed in with no member profile: 403 profile_required', async () => {
    signedIn = null
    expect((await post({ hostId, plan: 'adhoc' })).status).toBe(401)
    signedIn = { userId: 'someone-new', phone: '+61499999999' }
    const response = await post({ hostId, plan: 'adhoc' })
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ error: 'profile_required' })
    expect(await purchases()).toEqual([])
  })
})

describe('GET /checkout?purchase= shows the member their own purchase', () => {
  it('its status and paid sessions; a booked one with its booking, session link and free-cancellation time', async () => {
    const { purchaseId } = checkoutCreatedSchema.parse(await (await post({ hostId, plan: 'weekly' })).json())
    let view = purchaseViewSchema.parse(await (await get(purchaseId)).json())
    expect(view).toMatchObject({ purchaseId, status: 'open', plan: 'weekly', amountCents: 4000, host: { id: hostId, name: "Jane O'Connor" }, sessions: [] })

    await db.sql`update purchases set payment_status = 'paid'`
    await db.sql`
      insert into paid_sessions (purchase_id, position, member_id, host_id, plan, amount_cents, host_share_cents, platform_share_cents)
      values (${purchaseId}, 1, ${memberId}, ${hostId}, 'weekly', 1334, 1000, 334), (${purchaseId}, 2, ${memberId}, ${hostId}, 'weekly', 1333, 1000, 333)`
    const [session] = await db.sql<{ id: string }[]>`
      insert into sessions (booking_id, booking_status, start_time, end_time, state, room_name)
      values ('bk-1', 'Created', '2030-03-10T09:00:00Z', '2030-03-10T10:00:00Z', '{}'::jsonb, 'room-bk-1') returning id::text`
    await db.sql`update paid_sessions set session_id = ${session!.id}, credit_status = 'booked' where position = 1`

    view = purchaseViewSchema.parse(await (await get(purchaseId)).json())
    expect(view.status).toBe('paid')
    expect(view.sessions.map((s) => [s.position, s.creditStatus])).toEqual([
      [1, 'booked'],
      [2, 'available'],
    ])
    const booking = view.sessions[0]!.booking!
    expect(booking).toMatchObject({ bookingId: 'bk-1', start: '2030-03-10T09:00:00.000Z', end: '2030-03-10T10:00:00.000Z', freeCancellationUntil: '2030-03-09T09:00:00.000Z' })
    const link = new URL(booking.sessionLink)
    expect(link.origin + link.pathname).toBe(`${APP_URL}/video-session`)
    expect(link.searchParams.get('userType')).toBe('member')
    expect(await verifySessionToken(LINK_SECRET, session!.id, 'member', link.searchParams.get('token')!)).toBe(true)
    expect(view.sessions[1]!.booking).toBeNull()
  })

  it('another member’s purchase, a malformed id and an unknown one are all 404', async () => {
    const { purchaseId } = checkoutCreatedSchema.parse(await (await post({ hostId, plan: 'adhoc' })).json())
    await db.sql`insert into members (name, email, phone) values ('Other', 'o@example.com', '+61411111111')`
    signedIn = { userId: 'other', phone: '+61411111111' }
    for (const id of [purchaseId, 'not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const response = await get(id)
      expect(response.status).toBe(404)
      expect(await response.json()).toMatchObject({ error: 'not_found' })
    }
  })

  it('answers the SPA’s preflight and no other origin’s', async () => {
    const ok = await handler()(new Request('http://localhost/', { method: 'OPTIONS', headers: { origin: APP_URL } }))
    expect(ok.status).toBe(204)
    const refused = await handler()(new Request('http://localhost/', { method: 'OPTIONS', headers: { origin: 'https://evil.test' } }))
    expect(refused.status).toBe(403)
  })
})
