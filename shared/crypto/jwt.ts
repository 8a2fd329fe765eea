/**
 * JSON Web Tokens (RFC 7519) on Web Crypto: HS256 for Daily meeting tokens and Supabase's legacy
 * JWT secret; ES256 and RS256 against a JWK for Supabase's signing keys.
 */
import { fromBase64, hmacSha256, timingSafeEqual, toBase64Url } from './hmac.ts'

export type JwtPayload = Record<string, unknown>

export interface DecodedJwt {
  header: Record<string, unknown>
  payload: JwtPayload
  /** `header.payload`, the bytes the signature covers. */
  signingInput: string
  signature: Uint8Array
}

export type JwtVerification =
  | { valid: true; payload: JwtPayload }
  /** The token is not a JWT, is not signed with the key's algorithm, or its signature does not match the key. */
  | { valid: false; reason: 'malformed' | 'unsupported_algorithm' | 'bad_signature' }
  /** Authentic, but outside its `nbf`..`exp` window; the payload says which window. */
  | { valid: false; reason: 'expired' | 'not_yet_valid'; payload: JwtPayload }

const encoder = new TextEncoder()
const decoder = new TextDecoder()
const HEADER = encodeSegment({ alg: 'HS256', typ: 'JWT' })

export async function signJwtHs256(payload: JwtPayload, secret: string): Promise<string> {
  const signingInput = `${HEADER}.${encodeSegment(payload)}`
  return `${signingInput}.${toBase64Url(await hmacSha256(secret, signingInput))}`
}

/** Splits and parses a token without checking anything; null when it is not a JWT at all. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.')
  if (parts.length !== 3) return null
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  try {
    const header: unknown = JSON.parse(decoder.decode(fromBase64Url(headerPart)))
    const payload: unknown = JSON.parse(decoder.decode(fromBase64Url(payloadPart)))
    if (!isObject(header) || !isObject(payload)) return null
    return { header, payload, signingInput: `${headerPart}.${payloadPart}`, signature: fromBase64Url(signaturePart) }
  } catch {
    return null
  }
}

/**
 * Checks the algorithm and signature, then `nbf` and `exp` (unix seconds) against `now`.
 * The algorithm is pinned to HS256 whatever the header claims, so `alg: none` gets nowhere.
 */
export async function verifyJwtHs256(token: string, secret: string, now: Date): Promise<JwtVerification> {
  const decoded = decodeJwt(token)
  if (!decoded) return { valid: false, reason: 'malformed' }
  if (decoded.header.alg !== 'HS256') return { valid: false, reason: 'unsupported_algorithm' }
  const expected = toBase64Url(await hmacSha256(secret, decoded.signingInput))
  if (!timingSafeEqual(expected, toBase64Url(decoded.signature))) return { valid: false, reason: 'bad_signature' }
  return checkValidityWindow(decoded.payload, now)
}

/** The asymmetric algorithms Supabase signs with, as Web Crypto names them. */
const JWK_ALGORITHMS = {
  ES256: { importAs: { name: 'ECDSA', namedCurve: 'P-256' }, verifyAs: { name: 'ECDSA', hash: 'SHA-256' } },
  RS256: { importAs: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, verifyAs: { name: 'RSASSA-PKCS1-v1_5' } },
} as const

export type JwkAlgorithm = keyof typeof JWK_ALGORITHMS

export function isJwkAlgorithm(alg: unknown): alg is JwkAlgorithm {
  return alg === 'ES256' || alg === 'RS256'
}

/**
 * Checks a decoded token against a public key, then `nbf` and `exp`. The algorithm is the key's
 * (`jwk.alg`, or the key type's), never only the header's, so a token cannot pick a weaker one.
 */
export async function verifyJwtWithJwk(decoded: DecodedJwt, jwk: JsonWebKey, now: Date): Promise<JwtVerification> {
  const alg = decoded.header.alg
  if (!isJwkAlgorithm(alg) || (jwk.alg !== undefined && jwk.alg !== alg) || jwk.kty !== (alg === 'ES256' ? 'EC' : 'RSA')) {
    return { valid: false, reason: 'unsupported_algorithm' }
  }
  const { importAs, verifyAs } = JWK_ALGORITHMS[alg]
  let valid: boolean
  try {
    const key = await crypto.subtle.importKey('jwk', { ...jwk, key_ops: ['verify'] }, importAs, false, ['verify'])
    // JWS carries ECDSA signatures as r || s, the form Web Crypto verifies.
    valid = await crypto.subtle.verify(verifyAs, key, decoded.signature as BufferSource, encoder.encode(decoded.signingInput) as BufferSource)
  } catch {
    valid = false
  }
  if (!valid) return { valid: false, reason: 'bad_signature' }
  return checkValidityWindow(decoded.payload, now)
}

function checkValidityWindow(payload: JwtPayload, now: Date): JwtVerification {
  const seconds = now.getTime() / 1000
  if (typeof payload.exp === 'number' && seconds >= payload.exp) return { valid: false, reason: 'expired', payload }
  if (typeof payload.nbf === 'number' && seconds < payload.nbf) return { valid: false, reason: 'not_yet_valid', payload }
  return { valid: true, payload }
}

function encodeSegment(value: unknown): string {
  return toBase64Url(encoder.encode(JSON.stringify(value)))
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url')
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  return fromBase64(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
