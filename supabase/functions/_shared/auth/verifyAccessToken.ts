import { z } from 'zod'
import { type DecodedJwt, type JwtPayload, type JwtVerification, decodeJwt, isJwkAlgorithm, verifyJwtHs256, verifyJwtWithJwk } from '../../../../shared/crypto/jwt.ts'
import { ProviderError, UnauthorizedError } from '../errors.ts'
import type { SignedInUser } from './signedInUser.ts'

/** The audience Supabase gives a signed-in user's access token. */
const AUDIENCE = 'authenticated'
/** Supabase caches its signing keys for 10 minutes too; a new key is announced well before use. */
const JWKS_TTL_MS = 10 * 60_000
/** An unknown `kid` fetches the keys again, at most this often, so junk tokens cannot flood Auth. */
const JWKS_REFETCH_MS = 30_000
const JWKS_TIMEOUT_MS = 5_000

const jwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string().optional(), alg: z.string().optional() })) })

export interface AccessTokenVerifierOptions {
  /** SUPABASE_URL: tokens are issued by `<url>/auth/v1`, keys published at `<url>/auth/v1/.well-known/jwks.json`. */
  authUrl: string
  /** The legacy JWT secret, for HS256 tokens; without it only asymmetric (JWKS) tokens are accepted. */
  jwtSecret: string | undefined
  /** Sent as `apikey` to the JWKS endpoint, as supabase-js does. */
  anonKey?: string
  fetch?: typeof fetch
  now?: () => Date
}

export interface VerifiedAccessToken {
  user: SignedInUser
  /** Every claim, for callers that need more (`session_id`, `aal`). */
  claims: JwtPayload
}

/**
 * Verifies a Supabase Auth access token: signature (HS256 with the JWT secret, or ES256/RS256 with
 * the project's published keys), expiry, audience, issuer, and a proven phone. Every refusal is
 * an UnauthorizedError saying why; only an unreachable key set is a 503.
 */
export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): (token: string) => Promise<VerifiedAccessToken> {
  const issuer = `${options.authUrl.replace(/\/+$/, '')}/auth/v1`
  const now = options.now ?? (() => new Date())
  const keys = createJwksCache(`${issuer}/.well-known/jwks.json`, options, () => now().getTime())

  async function checkSignature(token: string, decoded: DecodedJwt): Promise<JwtVerification> {
    const alg = decoded.header.alg
    if (alg === 'HS256') {
      if (options.jwtSecret === undefined) throw new UnauthorizedError('HS256 access tokens are not accepted here: this project verifies with its signing keys')
      return verifyJwtHs256(token, options.jwtSecret, now())
    }
    if (!isJwkAlgorithm(alg)) throw new UnauthorizedError(`The access token's algorithm (${String(alg)}) is not accepted`)
    const kid = typeof decoded.header.kid === 'string' ? decoded.header.kid : undefined
    const jwk = await keys.find(kid, alg)
    if (!jwk) throw new UnauthorizedError('The access token was signed with a key this project does not publish')
    return verifyJwtWithJwk(decoded, jwk, now())
  }

  return async (token) => {
    const decoded = decodeJwt(token)
    if (!decoded) throw new UnauthorizedError('The access token is not a JWT')
    const verification = await checkSignature(token, decoded)
    if (!verification.valid) throw new UnauthorizedError(REFUSALS[verification.reason])
    const claims = verification.payload
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
    if (!audiences.includes(AUDIENCE)) throw new UnauthorizedError(`The access token is not a signed-in user's (aud must be "${AUDIENCE}")`)
    if (claims.iss !== issuer) throw new UnauthorizedError(`The access token was issued by ${JSON.stringify(claims.iss)}, not this project's Auth (${issuer})`)
    if (typeof claims.exp !== 'number') throw new UnauthorizedError('The access token has no expiry (exp)')
    if (typeof claims.sub !== 'string' || claims.sub === '') throw new UnauthorizedError('The access token names no user (sub)')
    const phone = e164FromClaim(claims.phone)
    if (phone === null) throw new UnauthorizedError('The access token has no phone number: sign in with your phone')
    return { user: { userId: claims.sub, phone }, claims }
  }
}

const REFUSALS: Record<Exclude<JwtVerification, { valid: true }>['reason'], string> = {
  malformed: 'The access token is not a JWT',
  unsupported_algorithm: "The access token's algorithm does not match its key",
  bad_signature: "The access token's signature does not match: it was not issued by this project",
  expired: 'The access token has expired: sign in again',
  not_yet_valid: 'The access token is not valid yet (nbf)',
}

/** Supabase stores phones as E.164 digits without the `+`; functions work with the `+`. */
function e164FromClaim(claim: unknown): string | null {
  if (typeof claim !== 'string') return null
  const digits = claim.startsWith('+') ? claim.slice(1) : claim
  return /^[1-9][0-9]{6,14}$/.test(digits) ? `+${digits}` : null
}

/** The Bearer token of `Authorization`, or null. */
export function bearerToken(req: Request): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '')
  return match ? (match[1] as string) : null
}

interface JwksCache {
  find(kid: string | undefined, alg: string): Promise<JsonWebKey | null>
}

function createJwksCache(url: string, options: AccessTokenVerifierOptions, clock: () => number): JwksCache {
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  let cached: { keys: Array<JsonWebKey & { kid?: string }>; fetchedAt: number } | undefined
  let inFlight: Promise<void> | undefined

  async function load(): Promise<void> {
    let response: Response
    try {
      response = await fetchImpl(url, { headers: options.anonKey ? { apikey: options.anonKey } : {}, signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) })
    } catch (error) {
      throw new ProviderError('supabase-auth', `signing keys unavailable (${error instanceof Error ? error.message : String(error)})`, true)
    }
    if (!response.ok) throw new ProviderError('supabase-auth', `signing keys unavailable (HTTP ${response.status})`, response.status >= 500 || response.status === 429, response.status)
    const parsed = jwksSchema.safeParse(await response.json().catch(() => null))
    if (!parsed.success) throw new ProviderError('supabase-auth', 'signing keys answer is not a JWKS', false)
    cached = { keys: parsed.data.keys as Array<JsonWebKey & { kid?: string }>, fetchedAt: clock() }
  }

  function refresh(): Promise<void> {
    inFlight ??= load().finally(() => (inFlight = undefined))
    return inFlight
  }

  const pick = (kid: string | undefined, alg: string) =>
    cached?.keys.find((key) => (kid === undefined || key.kid === kid) && (key.alg === undefined || key.alg === alg)) ?? null

  return {
    async find(kid, alg) {
      const age = cached ? clock() - cached.fetchedAt : Infinity
      if (age > JWKS_TTL_MS) {
        // Keys we already hold outlive an outage: a token signed with one still verifies.
        await refresh().catch((error) => {
          if (!cached) throw error
        })
      }
      const found = pick(kid, alg)
      if (found || !cached || clock() - cached.fetchedAt < JWKS_REFETCH_MS) return found
      await refresh()
      return pick(kid, alg)
    },
  }
}
