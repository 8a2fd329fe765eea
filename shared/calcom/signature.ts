import { hmacSha256, timingSafeEqual, toHex } from '../crypto/hmac.ts'

export const CALCOM_SIGNATURE_HEADER = 'x-cal-signature-256'
/** What Cal.com sends in the signature header when the webhook has no secret configured. */
export const CALCOM_UNSIGNED_MARKER = 'no-secret-provided'

/** Hex HMAC-SHA256 of the raw body: what Cal.com puts in X-Cal-Signature-256. */
export async function signCalcomBody(secret: string, rawBody: string | Uint8Array): Promise<string> {
  return toHex(await hmacSha256(secret, rawBody))
}

export async function verifyCalcomSignature(secret: string, rawBody: Uint8Array, header: string | null): Promise<boolean> {
  if (!header || header === CALCOM_UNSIGNED_MARKER) return false
  const expected = await signCalcomBody(secret, rawBody)
  return timingSafeEqual(expected, header.trim().toLowerCase())
}
