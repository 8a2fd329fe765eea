import Stripe from 'stripe'

export const STRIPE_SIGNATURE_HEADER = 'stripe-signature'

/** Stripe's own default: an event signed more than 5 minutes ago is refused (replay protection). */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300

/**
 * Checks `Stripe-Signature` over the raw body with the SDK (Web Crypto, so it runs in Deno and
 * Node alike); throws the SDK's StripeSignatureVerificationError. The caller validates the event.
 */
export async function verifyStripeSignature(raw: Uint8Array, header: string, secret: string): Promise<void> {
  await Stripe.webhooks.constructEventAsync(raw, header, secret, STRIPE_SIGNATURE_TOLERANCE_SECONDS, Stripe.createSubtleCryptoProvider())
}

/** The `Stripe-Signature` header Stripe would send with `payload` (the local checkout, replay, tests). */
export function signStripePayload(secret: string, payload: string, timestampSeconds?: number): Promise<string> {
  return Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    ...(timestampSeconds === undefined ? {} : { timestamp: timestampSeconds }),
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
  })
}
