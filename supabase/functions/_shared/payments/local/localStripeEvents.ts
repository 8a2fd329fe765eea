import { ProviderError } from '../../errors.ts'
import { signStripePayload, STRIPE_SIGNATURE_HEADER } from '../stripe/webhookSignature.ts'

/** The API version the stand-in's events claim, as Stripe stamps each event with the account's. */
const API_VERSION = '2026-10-28.endive'

/** An event as Stripe sends it; the id is derived from what it reports, so a resend is the same event. */
export function stripeEvent(id: string, type: string, object: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    object: 'event',
    api_version: API_VERSION,
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  }
}

export interface EventSender {
  webhookUrl: string
  webhookSecret: string
  fetch?: typeof fetch
}

/**
 * Posts `event` to stripe-payment-confirm signed exactly as Stripe signs it, so the local
 * payment goes through the same verification, inbox and processor as a real one.
 */
export async function postSignedEvent(sender: EventSender, event: Record<string, unknown>): Promise<void> {
  const body = JSON.stringify(event)
  const fetchImpl = sender.fetch ?? globalThis.fetch
  let response: Response
  try {
    response = await fetchImpl(sender.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [STRIPE_SIGNATURE_HEADER]: await signStripePayload(sender.webhookSecret, body) },
      body,
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    throw new ProviderError('stripe (local stand-in)', `could not deliver ${String(event.type)} to ${sender.webhookUrl}: ${(error as Error).message}`, true)
  }
  await response.body?.cancel()
  if (!response.ok) {
    throw new ProviderError('stripe (local stand-in)', `${sender.webhookUrl} answered ${response.status} to ${String(event.type)}`, response.status >= 500, response.status)
  }
}
