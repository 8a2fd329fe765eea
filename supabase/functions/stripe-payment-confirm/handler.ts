import { isHandledStripeEvent, notHandledStripeReason, stripeEventSchema } from '../../../shared/stripe/events.ts'
import { sha256Hex } from '../../../shared/crypto/hmac.ts'
import { BadRequestError, UnprocessableError } from '../_shared/errors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { ONE_MIB, parseJsonBody, readBodyWithLimit, requireMethod } from '../_shared/http/requestGuards.ts'
import type { Inbox } from '../_shared/inbox/inbox.ts'
import { STRIPE_SIGNATURE_HEADER, STRIPE_SIGNATURE_TOLERANCE_SECONDS, verifyStripeSignature } from '../_shared/payments/stripe/webhookSignature.ts'
import type { Logger } from '../_shared/runtime/logger.ts'

export interface StripeWebhookDeps {
  /** The endpoint's signing secret (`whsec_…`), or the local checkout's development one. */
  secret: string
  inbox: Pick<Inbox, 'record' | 'requeue'>
  /** Tells the worker there is work; never waits for it. */
  wake: () => void
  log: Logger
}

/**
 * Stripe's webhook: verify, record once per event id, answer. The worker fulfils. Stripe
 * resends until it gets a 2xx, so anything we can store is acknowledged; a bad signature is
 * refused with 400 and writes nothing.
 */
export function createStripeWebhookHandler(deps: StripeWebhookDeps): Handler {
  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    const raw = await readBodyWithLimit(req, ONE_MIB)
    const signature = req.headers.get(STRIPE_SIGNATURE_HEADER)
    if (!signature) throw new BadRequestError('Missing Stripe-Signature header', 'invalid_signature')
    try {
      await verifyStripeSignature(raw, signature, deps.secret)
    } catch (error) {
      // The SDK parses the body once the signature matches: a signed body that is not JSON.
      if (error instanceof SyntaxError) throw new BadRequestError('Body is not valid JSON', 'invalid_json')
      throw new BadRequestError(
        `Stripe-Signature does not match the body, or was made more than ${STRIPE_SIGNATURE_TOLERANCE_SECONDS} s ago`,
        'invalid_signature',
      )
    }
    const bodySha256 = await sha256Hex(raw)
    const parsed = stripeEventSchema.safeParse(parseJsonBody(raw))
    if (!parsed.success) {
      // Signed but not an event: kept, as failed with the reason, for whoever sent it to see.
      const reason = `not a Stripe event: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`).join('; ')}`
      const recorded = await deps.inbox.record({
        provider: 'stripe',
        eventId: null,
        dedupeKey: bodySha256,
        eventType: null,
        bodySha256,
        rawBody: new TextDecoder().decode(raw),
        signature,
        signatureStatus: 'verified',
        status: 'failed',
        bookingId: null,
        lastError: reason,
      })
      throw new UnprocessableError(`${reason} (delivery ${recorded.id})`)
    }
    const event = parsed.data
    const handled = isHandledStripeEvent(event.type)
    const recorded = await deps.inbox.record({
      provider: 'stripe',
      eventId: event.id,
      // Stripe may deliver one event more than once; its id makes them the same delivery.
      dedupeKey: event.id,
      eventType: event.type,
      bodySha256,
      rawBody: new TextDecoder().decode(raw),
      signature,
      signatureStatus: 'verified',
      status: handled ? 'pending' : 'ignored',
      bookingId: null,
      lastError: handled ? null : notHandledStripeReason(event.type),
    })
    if (!handled) return json(200, { status: 'ignored', deliveryId: recorded.id, type: event.type })
    // A resend of a delivery that failed is a request to try it again now.
    if (recorded.duplicate && recorded.status === 'failed') await deps.inbox.requeue([recorded.id])
    const work = !recorded.duplicate || recorded.status !== 'processed'
    if (work) deps.wake()
    return json(200, { status: recorded.duplicate ? 'duplicate' : 'accepted', deliveryId: recorded.id, processing: work })
  }, deps.log)
}
