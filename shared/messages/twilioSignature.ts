/**
 * Twilio's request signature (`X-Twilio-Signature`): base64 HMAC-SHA1, keyed by the account's
 * auth token, of the full URL Twilio called followed by each POST parameter's name and value,
 * sorted by name. Web Crypto only, so functions and tests share it.
 */
export const TWILIO_SIGNATURE_HEADER = 'X-Twilio-Signature'

const encoder = new TextEncoder()

/** The signed text: the URL, then name+value of each parameter in name order (a repeated name's values sorted, as twilio-node does). */
export function twilioSignedText(url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort()
  return url + names.map((name) => params.getAll(name).sort().map((value) => name + value).join('')).join('')
}

export async function twilioSignature(authToken: string, url: string, params: URLSearchParams): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(authToken), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign'])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(twilioSignedText(url, params))))
  let binary = ''
  for (const byte of mac) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Constant-time comparison of the header against the signature we compute. */
export async function verifyTwilioSignature(authToken: string, url: string, params: URLSearchParams, signature: string): Promise<boolean> {
  const expected = await twilioSignature(authToken, url, params)
  let diff = expected.length ^ signature.length
  for (let i = 0; i < Math.max(expected.length, signature.length); i++) diff |= (expected.charCodeAt(i) || 0) ^ (signature.charCodeAt(i) || 0)
  return diff === 0
}
