import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import { parseStripeForm } from './formEncoding.ts'

/**
 * msw handlers that answer like Stripe's API (https://docs.stripe.com/api) for the calls
 * Presence makes, backed by in-memory objects, with fault injection.
 *
 * Modelled: Bearer auth (401 with Stripe's "Invalid API Key" body); form-encoded POST
 * /v1/checkout/sessions (400 `parameter_missing` without line_items or success_url; the
 * session is `cs_test_…` with a `url`, `payment_status: unpaid`, `status: open`); GET
 * /v1/checkout/sessions/:id (404 `resource_missing`); POST /v1/refunds against a paid
 * session's payment intent (404 `resource_missing` for an unknown one, 400 `amount_too_large`
 * past what is left); Stripe's error body `{error: {type, code, message, param}}`; idempotency:
 * the same Idempotency-Key with the same parameters answers the first result again with
 * `Idempotent-Replayed: true`, with other parameters 400 `idempotency_error` (only results that
 * executed are kept: a 429 is not).
 */
export interface FakeStripeOptions {
  secretKey: string
  apiUrl?: string
}

export interface FakeCheckoutSession extends Record<string, unknown> {
  id: string
  amount_total: number
  currency: string
  metadata: Record<string, string>
  client_reference_id: string | null
  payment_intent: string | null
  payment_status: 'paid' | 'unpaid'
  status: 'open' | 'complete' | 'expired'
  url: string | null
}

export interface FakeRefund extends Record<string, unknown> {
  id: string
  amount: number
  payment_intent: string
  metadata: Record<string, string>
  status: 'succeeded'
}

export interface StripeRequestLog {
  method: string
  path: string
  idempotencyKey: string | null
  params: Record<string, unknown>
  /** What the fake answered. */
  status: number
  replayed: boolean
}

export interface FakeStripe {
  readonly handlers: HttpHandler[]
  readonly sessions: Map<string, FakeCheckoutSession>
  readonly refunds: Map<string, FakeRefund>
  readonly requests: StripeRequestLog[]
  /** The next `count` requests answer `status` with Stripe's body for it (429 `rate_limit`, 5xx `api_error`). */
  failNext(count: number, status: number): void
  /** The next `count` requests lose their connection. */
  dropNext(count: number): void
  /** The next `count` requests are answered (and executed) only after `ms`: longer than a client's timeout, they time out. */
  stallNext(count: number, ms: number): void
  /** As if the member paid: the session completes with a payment intent. */
  pay(sessionId: string): FakeCheckoutSession
  reset(): void
}

type Fault = { kind: 'fail'; status: number } | { kind: 'drop' } | { kind: 'stall'; ms: number }

function stripeError(status: number, error: { type: string; code?: string; message: string; param?: string }, headers: Record<string, string> = {}) {
  return HttpResponse.json(
    { error: { ...error, ...(error.code ? { doc_url: `https://stripe.com/docs/error-codes/${error.code.replaceAll('_', '-')}` } : {}) } },
    { status, headers: { 'request-id': `req_${random()}`, ...headers } },
  )
}

function random(): string {
  return crypto.randomUUID().replaceAll('-', '').slice(0, 24)
}

function injected(status: number): Response {
  if (status === 429) {
    return stripeError(429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.' })
  }
  if (status >= 500) return stripeError(status, { type: 'api_error', message: 'An unknown error occurred' }, { 'stripe-should-retry': 'true' })
  return stripeError(status, { type: 'invalid_request_error', message: `Injected ${status}` })
}

export function createFakeStripe(options: FakeStripeOptions): FakeStripe {
  const base = (options.apiUrl ?? 'https://api.stripe.com').replace(/\/$/, '')
  const sessions = new Map<string, FakeCheckoutSession>()
  const refunds = new Map<string, FakeRefund>()
  const requests: StripeRequestLog[] = []
  const idempotent = new Map<string, { signature: string; status: number; body: unknown }>()
  let faults: Fault[] = []

  function authorized(request: Request): Response | undefined {
    const header = request.headers.get('authorization') ?? ''
    if (header === `Bearer ${options.secretKey}`) return undefined
    const shown = header.replace(/^Bearer /, '')
    return stripeError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${shown.slice(0, 8)}${'*'.repeat(Math.max(0, shown.length - 12))}${shown.slice(-4)}` })
  }

  /**
   * The shared path of every call: faults, auth, idempotency. `execute` returns the status and
   * body the call produces; a 2xx is kept for the key.
   */
  function endpoint(method: string, run: (params: Record<string, unknown>, path: string) => { status: number; body: unknown }) {
    return async ({ request }: { request: Request }) => {
      const url = new URL(request.url)
      const text = method === 'GET' ? url.searchParams.toString() : await request.text()
      const params = parseStripeForm(text)
      const key = request.headers.get('idempotency-key')
      const log: StripeRequestLog = { method, path: url.pathname, idempotencyKey: key, params, status: 0, replayed: false }
      requests.push(log)
      const fault = faults.shift()
      if (fault?.kind === 'stall') await delay(fault.ms)
      if (fault?.kind === 'drop') return HttpResponse.error()
      if (fault?.kind === 'fail') {
        log.status = fault.status
        return injected(fault.status)
      }
      const refused = authorized(request)
      if (refused) {
        log.status = 401
        return refused
      }
      const signature = `${method} ${url.pathname} ${JSON.stringify(params)}`
      if (key !== null && method === 'POST') {
        const earlier = idempotent.get(key)
        if (earlier && earlier.signature !== signature) {
          log.status = 400
          return stripeError(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          })
        }
        if (earlier) {
          log.status = earlier.status
          log.replayed = true
          return HttpResponse.json(earlier.body as Record<string, unknown>, { status: earlier.status, headers: { 'idempotent-replayed': 'true', 'original-request': 'req_original' } })
        }
      }
      const result = run(params, url.pathname)
      log.status = result.status
      if (result.status >= 200 && result.status < 300 && key !== null && method === 'POST') idempotent.set(key, { signature, ...result })
      return result.status < 300
        ? HttpResponse.json(result.body as Record<string, unknown>, { status: result.status, headers: { 'request-id': `req_${random()}` } })
        : stripeError(result.status, result.body as { type: string; message: string })
    }
  }

  const missing = (param: string) => ({ status: 400, body: { type: 'invalid_request_error', code: 'parameter_missing', message: `Missing required param: ${param}.`, param } })

  const handlers = [
    http.post(
      `${base}/v1/checkout/sessions`,
      endpoint('POST', (params) => {
        const items = params.line_items as { quantity?: string; price_data?: { currency?: string; unit_amount?: string; product_data?: { name?: string } } }[] | undefined
        if (!Array.isArray(items) || items.length === 0) return missing('line_items')
        if (params.mode !== 'payment') return missing('mode')
        if (typeof params.success_url !== 'string') return missing('success_url')
        const currency = items[0]?.price_data?.currency
        if (!currency) return missing('line_items[0][price_data][currency]')
        const total = items.reduce((sum, item) => sum + Number(item.price_data?.unit_amount ?? 0) * Number(item.quantity ?? 1), 0)
        const id = `cs_test_${random()}`
        const session: FakeCheckoutSession = {
          id,
          object: 'checkout.session',
          mode: 'payment',
          amount_subtotal: total,
          amount_total: total,
          currency,
          client_reference_id: (params.client_reference_id as string | undefined) ?? null,
          customer_email: (params.customer_email as string | undefined) ?? null,
          metadata: (params.metadata as Record<string, string> | undefined) ?? {},
          line_items_for_test: items,
          payment_intent: null,
          payment_status: 'unpaid',
          status: 'open',
          success_url: params.success_url,
          cancel_url: (params.cancel_url as string | undefined) ?? null,
          url: `https://checkout.stripe.com/c/pay/${id}`,
          created: Math.floor(Date.now() / 1000),
          expires_at: Math.floor(Date.now() / 1000) + 24 * 3600,
          livemode: false,
        }
        sessions.set(id, session)
        return { status: 200, body: publicSession(session) }
      }),
    ),
    http.get(
      `${base}/v1/checkout/sessions/:id`,
      endpoint('GET', (_params, path) => {
        const id = decodeURIComponent(path.split('/').pop() ?? '')
        const session = sessions.get(id)
        if (!session) return { status: 404, body: { type: 'invalid_request_error', code: 'resource_missing', message: `No such checkout.session: '${id}'`, param: 'session' } }
        return { status: 200, body: publicSession(session) }
      }),
    ),
    http.post(
      `${base}/v1/refunds`,
      endpoint('POST', (params) => {
        const paymentIntent = params.payment_intent as string | undefined
        if (!paymentIntent) return missing('payment_intent')
        const paid = [...sessions.values()].find((session) => session.payment_intent === paymentIntent)
        if (!paid) return { status: 404, body: { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${paymentIntent}'`, param: 'payment_intent' } }
        const already = [...refunds.values()].filter((refund) => refund.payment_intent === paymentIntent).reduce((sum, refund) => sum + refund.amount, 0)
        const left = paid.amount_total - already
        if (left <= 0) return { status: 400, body: { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge for payment ${paymentIntent} has already been refunded.` } }
        const amount = params.amount === undefined ? left : Number(params.amount)
        if (amount > left) {
          return { status: 400, body: { type: 'invalid_request_error', code: 'amount_too_large', message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, param: 'amount' } }
        }
        const refund: FakeRefund = {
          id: `re_test_${random()}`,
          object: 'refund',
          amount,
          charge: `ch_test_${paymentIntent.slice(-12)}`,
          currency: paid.currency,
          metadata: (params.metadata as Record<string, string> | undefined) ?? {},
          payment_intent: paymentIntent,
          reason: null,
          status: 'succeeded',
          created: Math.floor(Date.now() / 1000),
        }
        refunds.set(refund.id, refund)
        return { status: 200, body: refund }
      }),
    ),
  ]

  return {
    handlers,
    sessions,
    refunds,
    requests,
    failNext(count, status) {
      faults.push(...Array.from({ length: count }, () => ({ kind: 'fail' as const, status })))
    },
    dropNext(count) {
      faults.push(...Array.from({ length: count }, () => ({ kind: 'drop' as const })))
    },
    stallNext(count, ms) {
      faults.push(...Array.from({ length: count }, () => ({ kind: 'stall' as const, ms })))
    },
    pay(sessionId) {
      const session = sessions.get(sessionId)
      if (!session) throw new Error(`no checkout session ${sessionId}`)
      Object.assign(session, { payment_status: 'paid', status: 'complete', payment_intent: `pi_test_${random()}`, url: null })
      return publicSession(session)
    },
    reset() {
      sessions.clear()
      refunds.clear()
      requests.length = 0
      idempotent.clear()
      faults = []
    },
  }
}

/** The session as the API shows it (the fake keeps the line items it was sent beside it). */
function publicSession(session: FakeCheckoutSession): FakeCheckoutSession {
  const { line_items_for_test: _items, ...shown } = session
  return shown as FakeCheckoutSession
}
