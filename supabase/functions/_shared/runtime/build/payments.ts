import { stripeWebhookSecret, type Config } from '../../../../../shared/config/loadConfig.ts'
import { createLocalCheckoutPageHandler } from '../../payments/local/localCheckoutPage.ts'
import { createLocalPayments } from '../../payments/local/localPayments.ts'
import type { Payments } from '../../payments/payments.ts'
import { createStripePayments } from '../../payments/stripe/stripePayments.ts'
import { memoised, type Runtime } from '../runtime.ts'

/** One Stripe call may take this long before it counts as a (retryable) timeout. */
const STRIPE_TIMEOUT_MS = 10_000

/** Where the local checkout stand-in serves its pages: beside the functions, off the same server. */
export function localStripeUrl(config: Config): string {
  return `${new URL(config.functionsUrl).origin}/local-stripe`
}

function paymentWebhookUrl(config: Config): string {
  return `${config.functionsUrl}/stripe-payment-confirm`
}

/** Payments: Stripe when configured, else the local checkout stand-in. */
export function paymentsOf(rt: Runtime): Payments {
  return memoised(rt, 'payments', () => {
    const stripe = rt.config.stripe
    return stripe
      ? createStripePayments({ secretKey: stripe.secretKey, apiUrl: stripe.apiUrl, fetch: rt.fetch, timeoutMs: STRIPE_TIMEOUT_MS })
      : createLocalPayments({
          sql: rt.sql,
          pagesUrl: localStripeUrl(rt.config),
          webhookUrl: paymentWebhookUrl(rt.config),
          webhookSecret: stripeWebhookSecret(rt.config),
          fetch: rt.fetch,
        })
  })
}

/** The local checkout page, for the functions server to serve when Stripe is not configured. */
export function localCheckoutPageOf(rt: Runtime): ((req: Request) => Promise<Response>) | undefined {
  if (rt.config.stripe) return undefined
  return createLocalCheckoutPageHandler({ sql: rt.sql, webhookUrl: paymentWebhookUrl(rt.config), webhookSecret: stripeWebhookSecret(rt.config), fetch: rt.fetch })
}
