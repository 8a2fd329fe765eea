import { DAILY_SIGNATURE_HEADER, DAILY_TIMESTAMP_HEADER, signDailyWebhook } from '../../shared/attendance/dailySignature.ts'
import { CALCOM_SIGNATURE_HEADER, signCalcomBody } from '../../shared/calcom/signature.ts'
import { calcomWebhookSecret, stripeWebhookSecret, type Config } from '../../shared/config/loadConfig.ts'
import { signStripePayload, STRIPE_SIGNATURE_HEADER } from '../../supabase/functions/_shared/payments/stripe/webhookSignature.ts'

/** The providers whose webhook functions exist; each is added here with its function. */
export const WEBHOOK_PROVIDERS = ['calcom', 'stripe', 'daily'] as const
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number]

/** The function each provider's webhooks are sent to. */
export const WEBHOOK_FUNCTIONS: Record<WebhookProvider, string> = {
  calcom: 'calcom-webhook-handler',
  stripe: 'stripe-payment-confirm',
  daily: 'daily-webhook',
}

const SIGNERS: Record<WebhookProvider, (body: Uint8Array, config: Config) => Promise<Record<string, string>>> = {
  calcom: async (body, config) => ({ [CALCOM_SIGNATURE_HEADER]: await signCalcomBody(calcomWebhookSecret(config), body) }),
  // Stripe signs `timestamp.body`; the SDK's test helper does the same with the time now, inside the 300 s tolerance.
  stripe: async (body, config) => ({ [STRIPE_SIGNATURE_HEADER]: await signStripePayload(stripeWebhookSecret(config), new TextDecoder().decode(body)) }),
  // Daily signs `timestamp.body` too, keyed by the decoded secret; daily-webhook accepts nothing without one.
  daily: async (body, config) => {
    const secret = config.daily?.webhookSecret
    if (!secret) throw new Error('replay --provider daily needs DAILY_API_KEY, DAILY_DOMAIN and DAILY_WEBHOOK_SECRET (the secret daily-webhook checks)')
    const timestamp = String(Math.floor(Date.now() / 1000))
    return { [DAILY_TIMESTAMP_HEADER]: timestamp, [DAILY_SIGNATURE_HEADER]: await signDailyWebhook(secret, timestamp, body) }
  },
}

/** The headers the provider itself would send with `body`, signed with the configured secret. */
export function signatureHeaders(provider: WebhookProvider, body: Uint8Array, config: Config): Promise<Record<string, string>> {
  return SIGNERS[provider](body, config)
}
