import { isPlanId, PLANS } from '../../../../../shared/plans/catalog.ts'
import { formatCents } from '../../../../../shared/plans/formatMoney.ts'
import type { Sql } from '../../db/connect.ts'
import { describeError } from '../../errors.ts'
import { findLocalCheckout, type LocalCheckoutRow } from './localCheckoutTable.ts'
import { postSignedEvent, stripeEvent, type EventSender } from './localStripeEvents.ts'

export interface LocalCheckoutPageOptions extends EventSender {
  sql: Sql
}

/** `/local-stripe/checkout/<id>` (the page) and `/local-stripe/checkout/<id>/pay` (its button). */
const PAGE_PATH = /\/local-stripe\/checkout\/([^/]+)(\/pay)?\/?$/

/**
 * No script at all; the one form posts back here. Browsers apply `form-action` to where the post
 * redirects too, so the origin of the success URL (the SPA, another origin) is allowed as well.
 */
function headersFor(redirectTo: string | null): Record<string, string> {
  const formTargets = ["'self'", ...(redirectTo ? [new URL(redirectTo).origin] : [])].join(' ')
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action ${formTargets}; frame-ancestors 'none'`,
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
}

function page(status: number, title: string, body: string, redirectTo: string | null = null): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
.note{background:#fff4d6;border:1px solid #e8c96b;padding:.75rem;border-radius:.5rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem}
dt{color:#555}button{font-size:1rem;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#635bff;color:#fff;cursor:pointer}
a.cancel{margin-left:1rem}:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}</style></head><body><main>${body}</main></body></html>`
  return new Response(html, { status, headers: headersFor(redirectTo) })
}

const STAND_IN_NOTE =
  '<p class="note" role="note"><strong>Local checkout: a stand-in for Stripe.</strong> No card is asked for and no money moves. ' +
  '“Pay” sends the same signed <code>checkout.session.completed</code> event Stripe would.</p>'

function checkoutPage(checkout: LocalCheckoutRow): Response {
  const plan = checkout.plan && isPlanId(checkout.plan) ? PLANS[checkout.plan] : undefined
  const amount = formatCents(checkout.amountCents, checkout.currency)
  const details = [
    ['Host', checkout.hostName ?? '—'],
    ['Plan', plan ? `${plan.name} (${plan.sessions} ${plan.sessions === 1 ? 'session' : 'sessions'})` : checkout.description],
    ['Amount', amount],
  ]
  const paid = checkout.status === 'complete'
  return page(
    200,
    `Pay ${amount} — local checkout`,
    `<h1>Pay Presence</h1>${STAND_IN_NOTE}
<dl>${details.map(([term, value]) => `<dt>${escapeHtml(term!)}</dt><dd>${escapeHtml(value!)}</dd>`).join('')}</dl>
${paid ? '<p>This checkout is already paid.</p>' : ''}
<form method="post" action="/local-stripe/checkout/${encodeURIComponent(checkout.id)}/pay">
<button type="submit">${paid ? 'Continue' : `Pay ${escapeHtml(amount)}`}</button>
${paid ? '' : `<a class="cancel" href="${escapeHtml(checkout.cancelUrl)}">Cancel</a>`}
</form>`,
    checkout.successUrl,
  )
}

/** The Checkout Session as Stripe's `checkout.session.completed` carries it once paid. */
function completedSession(checkout: LocalCheckoutRow): Record<string, unknown> {
  return {
    id: checkout.id,
    object: 'checkout.session',
    mode: 'payment',
    amount_subtotal: checkout.amountCents,
    amount_total: checkout.amountCents,
    currency: checkout.currency,
    client_reference_id: checkout.clientReferenceId,
    metadata: checkout.metadata,
    payment_intent: checkout.paymentIntentId,
    payment_status: 'paid',
    status: 'complete',
    success_url: checkout.successUrl,
    cancel_url: checkout.cancelUrl,
    url: null,
    livemode: false,
  }
}

/**
 * Serves the local checkout page. "Pay" marks the session complete, posts the signed event to
 * stripe-payment-confirm over HTTP and only then redirects to the success URL; a second press
 * sends the same event (same id) again, which the inbox counts once.
 */
export function createLocalCheckoutPageHandler(options: LocalCheckoutPageOptions): (req: Request) => Promise<Response> {
  return async (req) => {
    const match = PAGE_PATH.exec(new URL(req.url).pathname)
    const id = match ? safeDecode(match[1]!) : null
    const checkout = id ? await findLocalCheckout(options.sql, { id }) : null
    if (!checkout) return page(404, 'Checkout not found', `<h1>Checkout not found</h1>${STAND_IN_NOTE}<p>There is no local checkout with this id.</p>`)
    const pay = match?.[2] !== undefined
    if (!pay) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } })
      return checkoutPage(checkout)
    }
    if (req.method !== 'POST') return new Response('Method not allowed', { status: 405, headers: { allow: 'POST' } })
    await options.sql`update local_checkout_sessions set status = 'complete', completed_at = now() where id = ${checkout.id} and status = 'open'`
    try {
      await postSignedEvent(options, stripeEvent(`evt_local_${checkout.id}_completed`, 'checkout.session.completed', completedSession(checkout)))
    } catch (error) {
      return page(502, 'Payment not confirmed', `<h1>The payment was not confirmed</h1>${STAND_IN_NOTE}<p>${escapeHtml(describeError(error))}</p><p>Press back and try again.</p>`)
    }
    return new Response(null, { status: 303, headers: { location: checkout.successUrl, 'cache-control': 'no-store' } })
  }
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}
