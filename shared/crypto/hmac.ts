/** HMAC-SHA256 and constant-time comparison on Web Crypto, for every provider signature. */
const encoder = new TextEncoder()

// Importing a key costs as much as signing with it; webhook secrets are few and long-lived.
const importedKeys = new Map<string, Promise<CryptoKey>>()
const MAX_CACHED_KEYS = 32

function hmacKey(secret: string | Uint8Array): Promise<CryptoKey> {
  const raw = typeof secret === 'string' ? encoder.encode(secret) : secret
  if (typeof secret !== 'string') return importHmacKey(raw)
  let key = importedKeys.get(secret)
  if (!key) {
    if (importedKeys.size >= MAX_CACHED_KEYS) importedKeys.clear()
    key = importHmacKey(raw)
    importedKeys.set(secret, key)
  }
  return key
}

function importHmacKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
}

export async function hmacSha256(secret: string | Uint8Array, message: string | Uint8Array): Promise<Uint8Array> {
  const data = typeof message === 'string' ? encoder.encode(message) : message
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), data as BufferSource))
}

export async function sha256Hex(message: string | Uint8Array): Promise<string> {
  const data = typeof message === 'string' ? encoder.encode(message) : message
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', data as BufferSource)))
}

export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0')
  return out
}

export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text)
  return Uint8Array.from(binary, (char) => char.charCodeAt(0))
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Compares every character whatever the first difference, so timing reveals nothing. */
export function timingSafeEqual(a: string, b: string): boolean {
  const length = Math.max(a.length, b.length)
  let diff = a.length ^ b.length
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0)
  return diff === 0
}
