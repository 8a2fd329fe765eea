import { fromBase64, hmacSha256, timingSafeEqual, toBase64 } from '../crypto/hmac.ts'

export const DAILY_SIGNATURE_HEADER = 'X-Webhook-Signature'
export const DAILY_TIMESTAMP_HEADER = 'X-Webhook-Timestamp'

/**
 * How old a delivery's timestamp may be. Daily retries a delivery that got no 200 for a while,
 * and a replay within this window changes nothing (events are deduplicated by id); it only stops
 * an old captured request being replayed forever.
 */
export const DAILY_TIMESTAMP_MAX_AGE_MS = 60 * 60_000
/** Clocks differ a little. */
export const DAILY_TIMESTAMP_MAX_AHEAD_MS = 5 * 60_000

/** Daily's secret is base64; the HMAC key is its decoded bytes. Null when it is not base64. */
export function dailySecretKey(secret: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || secret.length % 4 !== 0) return null
  return fromBase64(secret)
}

/** `X-Webhook-Signature`: base64 HMAC-SHA256, keyed by the decoded secret, of `timestamp + "." + body`. */
export async function signDailyWebhook(secret: string, timestamp: string, body: string | Uint8Array): Promise<string> {
  const key = dailySecretKey(secret)
  if (!key) throw new Error('DAILY_WEBHOOK_SECRET is not base64')
  const bodyBytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  const prefix = new TextEncoder().encode(`${timestamp}.`)
  const message = new Uint8Array(prefix.length + bodyBytes.length)
  message.set(prefix)
  message.set(bodyBytes, prefix.length)
  return toBase64(await hmacSha256(key, message))
}

export async function verifyDailySignature(secret: string, timestamp: string, body: Uint8Array, signature: string): Promise<boolean> {
  return timingSafeEqual(await signDailyWebhook(secret, timestamp, body), signature.trim())
}

/** Why a timestamp is refused, or null. Daily sends unix seconds; milliseconds are read too. */
export function timestampProblem(timestamp: string, now: Date): string | null {
  if (!/^\d{1,16}$/.test(timestamp.trim())) return `${DAILY_TIMESTAMP_HEADER} is not a unix time`
  const value = Number(timestamp)
  const at = value > 1e12 ? value : value * 1000
  if (now.getTime() - at > DAILY_TIMESTAMP_MAX_AGE_MS) return `${DAILY_TIMESTAMP_HEADER} is more than an hour old`
  if (at - now.getTime() > DAILY_TIMESTAMP_MAX_AHEAD_MS) return `${DAILY_TIMESTAMP_HEADER} is in the future`
  return null
}
