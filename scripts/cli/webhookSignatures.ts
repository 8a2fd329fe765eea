import Stripe from 'stripe'
import { CALCOM_SIGNATURE_HEADER, signCalcomBody } from '../../shared/calcom/signature.ts'
import { calcomWebhookSecret, type Config } from '../../shared/config/loadConfig.ts'
import { fromBase64, hmacSha256, toBase64 } from '../../shared/crypto/hmac.ts'

export const WEBHOOK_PROVIDERS = ['calcom', 'stripe', 'daily'] as const
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number]

/** The function each provider's webhooks are sent to. */
export const WEBHOOK_FUNCTIONS: Record<WebhookProvider, string> = {
  calcom: 'calcom-webhook-handler',
  stripe: 'stripe-payment-confirm',
  daily: 'daily-webhook',
}

/** The provider cannot be signed for with this configuration (no secret, or a malformed one). */
export class SigningSetupError extends Error {}

/** The headers the provider itself would send with `body`, signed with the configured secret. */
export async function signatureHeaders(provider: WebhookProvider, body: Uint8Array, config: Config, now = new Date()): Promise<Record<string, string>> {
  const timestamp = Math.floor(now.getTime() / 1000)
  switch (provider) {
    case 'calcom':
      return { [CALCOM_SIGNATURE_HEADER]: await signCalcomBody(calcomWebhookSecret(config), body) }
    case 'stripe': {
      const secret = config.stripe?.webhookSecret
      if (!secret) throw new SigningSetupError('No Stripe webhook secret configured: set STRIPE_WEBHOOK_SECRET (with STRIPE_SECRET_KEY).')
      const payload = new TextDecoder().decode(body)
      return { 'stripe-signature': await Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, timestamp }) }
    }
    case 'daily': {
      const secret = config.daily?.webhookSecret
      if (!secret) {
        throw new SigningSetupError('No Daily webhook secret configured: set DAILY_WEBHOOK_SECRET (read together with DAILY_API_KEY and DAILY_DOMAIN).')
      }
      let key: Uint8Array
      try {
        key = fromBase64(secret)
      } catch {
        throw new SigningSetupError('DAILY_WEBHOOK_SECRET is not valid base64; copy it exactly as Daily gave it.')
      }
      const prefix = new TextEncoder().encode(`${timestamp}.`)
      const signed = new Uint8Array(prefix.length + body.length)
      signed.set(prefix)
      signed.set(body, prefix.length)
      return { 'x-webhook-timestamp': String(timestamp), 'x-webhook-signature': toBase64(await hmacSha256(key, signed)) }
    }
  }
}
