import { describe, expect, it } from 'vitest'
import { toBase64Url } from '../../shared/crypto/hmac.ts'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { createAccessTokenVerifier } from '../../supabase/functions/_shared/auth/verifyAccessToken.ts'

const AUTH_URL = 'https://abcdefghijklmnop.supabase.co'
const SECRET = 'super-secret-jwt-token-with-at-least-32-characters'
const NOW = new Date('2030-05-01T10:00:00Z')
const T = Math.floor(NOW.getTime() / 1000)
const encoder = new TextEncoder()

function claims(overrides: Record<string, unknown> = {}) {
  return {
    iss: `${AUTH_URL}/auth/v1`,
    sub: '4f0c1e7a-8d0a-4b7e-9a51-2c3d4e5f6a7b',
    aud: 'authenticated',
    role: 'authenticated',
    phone: '61412345678',
    session_id: '9a1b2c3d-0000-4000-8000-000000000001',
    iat: T - 60,
    exp: T + 3540,
    ...overrides,
  }
}

const segment = (value: unknown) => toBase64Url(encoder.encode(JSON.stringify(value)))

async function signWith(privateKey: CryptoKey, header: Record<string, unknown>, payload: unknown): Promise<string> {
  const input = `${segment(header)}.${segment(payload)}`
  const algorithm = header.alg === 'ES256' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' }
  const signature = new Uint8Array(await crypto.subtle.sign(algorithm, privateKey, encoder.encode(input)))
  return `${input}.${toBase64Url(signature)}`
}

async function keyPair(alg: 'ES256' | 'RS256', kid: string) {
  const params =
    alg === 'ES256'
      ? { name: 'ECDSA', namedCurve: 'P-256' }
      : { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
  const pair = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair
  const jwk = { ...(await crypto.subtle.exportKey('jwk', pair.publicKey)), kid, alg, use: 'sig' }
  delete (jwk as { key_ops?: unknown }).key_ops
  delete (jwk as { ext?: unknown }).ext
  return { privateKey: pair.privateKey, jwk }
}

/** Supabase's JWKS endpoint as it answers: public keys only, at `<url>/auth/v1/.well-known/jwks.json`. */
function jwksEndpoint(keys: () => unknown[], status = () => 200) {
  const requests: string[] = []
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const url = String(input)
    requests.push(url)
    if (url !== `${AUTH_URL}/auth/v1/.well-known/jwks.json`) return new Response('{"message":"no Route matched"}', { status: 404 })
    if (status() !== 200) return new Response('{"message":"upstream error"}', { status: status() })
    return Response.json({ keys: keys() })
  }) as typeof fetch
  return { fetchImpl, requests }
}

const hs256Verifier = (now = NOW) => createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: SECRET, now: () => now })

describe('access token check, HS256 (the JWT secret)', () => {
  it('accepts a Supabase-shaped token and reads the phone as E.164', async () => {
    const verified = await hs256Verifier()(await signJwtHs256(claims(), SECRET))
    expect(verified.user).toEqual({ userId: '4f0c1e7a-8d0a-4b7e-9a51-2c3d4e5f6a7b', phone: '+61412345678' })
    expect(verified.claims.session_id).toBe('9a1b2c3d-0000-4000-8000-000000000001')
  })

  it('refuses, each with a clear reason: expired, wrong signature, alg none, wrong aud, wrong issuer, no phone, no sub, no exp, not a JWT', async () => {
    const verify = hs256Verifier()
    const cases: Array<[string, string, RegExp]> = [
      ['expired', await signJwtHs256(claims({ exp: T - 1 }), SECRET), /expired/],
      ['another secret', await signJwtHs256(claims(), `${SECRET}-other`), /signature does not match/],
      ['alg none', `${segment({ alg: 'none', typ: 'JWT' })}.${segment(claims())}.`, /algorithm \(none\) is not accepted/],
      ['anon key', await signJwtHs256(claims({ aud: undefined, role: 'anon', sub: undefined, phone: undefined }), SECRET), /aud must be "authenticated"/],
      ['another project', await signJwtHs256(claims({ iss: 'https://other.supabase.co/auth/v1' }), SECRET), /issued by "https:\/\/other/],
      ['email user', await signJwtHs256(claims({ phone: '' }), SECRET), /no phone number/],
      ['no sub', await signJwtHs256(claims({ sub: undefined }), SECRET), /names no user/],
      ['no exp', await signJwtHs256(claims({ exp: undefined }), SECRET), /no expiry/],
      ['garbage', 'not.a.jwt', /not a JWT/],
    ]
    for (const [name, token, reason] of cases) {
      await expect(verify(token), name).rejects.toMatchObject({ status: 401, code: 'unauthorized', message: expect.stringMatching(reason) })
    }
  })

  it('refuses a payload promoted under a valid signature (another phone pasted in)', async () => {
    const token = await signJwtHs256(claims(), SECRET)
    const [header, , signature] = token.split('.')
    const promoted = `${header}.${segment(claims({ phone: '61499999999' }))}.${signature}`
    await expect(hs256Verifier()(promoted)).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/signature/) })
  })
})

describe('access token check, ES256 and RS256 (the project JWKS)', () => {
  it('verifies with the published key named by kid, fetching the key set once', async () => {
    const es = await keyPair('ES256', 'es-key-1')
    const rs = await keyPair('RS256', 'rs-key-1')
    const endpoint = jwksEndpoint(() => [es.jwk, rs.jwk])
    const verify = createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: undefined, fetch: endpoint.fetchImpl, now: () => NOW })
    const esToken = await signWith(es.privateKey, { alg: 'ES256', typ: 'JWT', kid: 'es-key-1' }, claims())
    const rsToken = await signWith(rs.privateKey, { alg: 'RS256', typ: 'JWT', kid: 'rs-key-1' }, claims())
    expect((await verify(esToken)).user.phone).toBe('+61412345678')
    expect((await verify(rsToken)).user.phone).toBe('+61412345678')
    expect(endpoint.requests).toHaveLength(1)
  })

  it('refuses a token signed by a key the project does not publish, a key swapped between algorithms, and HS256 without the secret', async () => {
    const published = await keyPair('ES256', 'es-key-1')
    const stranger = await keyPair('ES256', 'es-key-1')
    const endpoint = jwksEndpoint(() => [published.jwk])
    const verify = createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: undefined, fetch: endpoint.fetchImpl, now: () => NOW })
    await expect(verify(await signWith(stranger.privateKey, { alg: 'ES256', kid: 'es-key-1' }, claims()))).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/signature/) })
    await expect(verify(await signWith(stranger.privateKey, { alg: 'ES256', kid: 'unknown' }, claims()))).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/does not publish/) })
    const rs = await keyPair('RS256', 'es-key-1')
    await expect(verify(await signWith(rs.privateKey, { alg: 'RS256', kid: 'es-key-1' }, claims()))).rejects.toMatchObject({ status: 401 })
    await expect(verify(await signJwtHs256(claims(), SECRET))).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/HS256 access tokens are not accepted/) })
  })

  it('finds a rotated-in key by fetching the set again, and keeps held keys through an outage', async () => {
    const first = await keyPair('ES256', 'k1')
    const second = await keyPair('ES256', 'k2')
    let keys: unknown[] = [first.jwk]
    let status = 200
    const endpoint = jwksEndpoint(() => keys, () => status)
    let now = NOW
    const verify = createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: undefined, fetch: endpoint.fetchImpl, now: () => now })
    expect((await verify(await signWith(first.privateKey, { alg: 'ES256', kid: 'k1' }, claims()))).user.userId).toBeTruthy()
    keys = [first.jwk, second.jwk]
    // Within 30 s of the last fetch an unknown kid does not fetch again (junk tokens cannot flood Auth).
    await expect(verify(await signWith(second.privateKey, { alg: 'ES256', kid: 'k2' }, claims()))).rejects.toMatchObject({ status: 401 })
    expect(endpoint.requests).toHaveLength(1)
    now = new Date(NOW.getTime() + 31_000)
    expect((await verify(await signWith(second.privateKey, { alg: 'ES256', kid: 'k2' }, claims()))).user.userId).toBeTruthy()
    expect(endpoint.requests).toHaveLength(2)
    // Past the 10-minute cache life, with Auth down: the keys held still verify.
    status = 503
    now = new Date(NOW.getTime() + 11 * 60_000)
    await expect(verify(await signWith(first.privateKey, { alg: 'ES256', kid: 'k1' }, claims({ exp: T + 3600 })))).resolves.toBeTruthy()
    expect(endpoint.requests).toHaveLength(3)
  })

  it('answers 503, not 401, when the key set cannot be fetched and none is held', async () => {
    const es = await keyPair('ES256', 'k1')
    const endpoint = jwksEndpoint(() => [es.jwk], () => 503)
    const verify = createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: undefined, fetch: endpoint.fetchImpl, now: () => NOW })
    await expect(verify(await signWith(es.privateKey, { alg: 'ES256', kid: 'k1' }, claims()))).rejects.toMatchObject({ status: 503, retryable: true })
  })
})
