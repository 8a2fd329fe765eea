import { AuthApiError, AuthSessionMissingError, createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js'
import { beforeEach, describe, expect, it } from 'vitest'
import { OTP_RULES } from '../../shared/auth/otpRules.ts'
import { decodeJwt } from '../../shared/crypto/jwt.ts'
import { createLocalAuthHandler } from '../../supabase/functions/_shared/auth/local/localAuthHandler.ts'
import { latestCodes } from '../../supabase/functions/_shared/auth/local/localAuthTables.ts'
import { createAccessTokenVerifier } from '../../supabase/functions/_shared/auth/verifyAccessToken.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>

/** Node 20 has no WebSocket and supabase-js's realtime client wants one at construction; sign-in never opens it. */
class realtimeUnused {
  constructor() {
    throw new Error('realtime is not used by sign-in')
  }
}
const AUTH_URL = 'http://127.0.0.1:54399'
const APP_URL = 'http://127.0.0.1:5199'
const JWT_SECRET = 'local-auth-test-secret-at-least-32-characters'
const ANON_KEY = 'local-auth-test-anon-key'
const PHONE = '+61412345678'

let offsetMs = 0
let printed: string[] = []

function standIn() {
  return createLocalAuthHandler({
    sql: db.sql,
    authUrl: AUTH_URL,
    jwtSecret: JWT_SECRET,
    anonKey: ANON_KEY,
    appUrl: APP_URL,
    log: silentLogger,
    printCode: (line) => printed.push(line),
    // Real time, shifted: supabase-js judges a session's expiry by its own clock.
    now: () => new Date(Date.now() + offsetMs),
  })
}

/** The real supabase-js client, its requests answered by the stand-in's handler. */
function client(handler = standIn()): SupabaseClient {
  return createClient(AUTH_URL, ANON_KEY, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    global: { fetch: (input, init) => handler(new Request(input, init)) },
    realtime: { transport: realtimeUnused as unknown as RealtimeTransport },
  })
}

function lastCode(): string {
  const match = /: (\d{6}) \(valid until/.exec(printed.at(-1) ?? '')
  if (!match) throw new Error(`no code printed: ${printed.join('\n')}`)
  return match[1] as string
}

function wrong(code: string): string {
  return code === '000000' ? '111111' : '000000'
}

beforeEach(async () => {
  await db.reset()
  offsetMs = 0
  printed = []
})

describe('local Auth stand-in, driven by supabase-js', () => {
  it('signs in with a printed code and issues a session whose JWT is signed and shaped like Supabase’s', async () => {
    const supabase = client()
    const sent = await supabase.auth.signInWithOtp({ phone: PHONE })
    expect(sent.error).toBeNull()
    expect(printed).toHaveLength(1)
    expect(printed[0]).toMatch(/sign-in code for \+61412345678: \d{6} \(valid until /)

    const { data, error } = await supabase.auth.verifyOtp({ phone: PHONE, token: lastCode(), type: 'sms' })
    expect(error).toBeNull()
    const session = data.session!
    expect(session).toMatchObject({ token_type: 'bearer', expires_in: 3600, refresh_token: expect.any(String) })
    expect(session.expires_at! - Math.floor(Date.now() / 1000)).toBeGreaterThan(3590)
    expect(data.user).toMatchObject({ phone: '61412345678', aud: 'authenticated', role: 'authenticated', app_metadata: { provider: 'phone' } })

    const jwt = decodeJwt(session.access_token)!
    expect(jwt.header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(jwt.payload).toMatchObject({
      sub: data.user!.id,
      phone: '61412345678',
      aud: 'authenticated',
      role: 'authenticated',
      iss: `${AUTH_URL}/auth/v1`,
      session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      aal: 'aal1',
      amr: [{ method: 'otp', timestamp: jwt.payload.iat }],
    })
    expect(jwt.payload.exp).toBe((jwt.payload.iat as number) + 3600)
    // The functions' own check accepts it and reads the phone back as E.164.
    const verified = await createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: JWT_SECRET })(session.access_token)
    expect(verified.user).toEqual({ userId: data.user!.id, phone: PHONE })

    const me = await supabase.auth.getUser()
    expect(me.data.user?.id).toBe(data.user!.id)
  })

  it('keeps one user per phone across sign-ins, and accepts the phone typed with spaces', async () => {
    const first = client()
    await first.auth.signInWithOtp({ phone: PHONE })
    const one = await first.auth.verifyOtp({ phone: PHONE, token: lastCode(), type: 'sms' })
    offsetMs += OTP_RULES.resendSeconds * 1000
    const second = client()
    await second.auth.signInWithOtp({ phone: '+61 412 345 678' })
    const two = await second.auth.verifyOtp({ phone: '61412345678', token: lastCode(), type: 'sms' })
    expect(two.data.user?.id).toBe(one.data.user?.id)
    expect(two.data.session?.access_token).not.toBe(one.data.session?.access_token)
  })

  it('refuses a wrong code with otp_expired, counts it, and after the cap refuses even the right code', async () => {
    const supabase = client()
    await supabase.auth.signInWithOtp({ phone: PHONE })
    const code = lastCode()
    for (let attempt = 1; attempt < OTP_RULES.maxAttempts; attempt++) {
      const { error } = await supabase.auth.verifyOtp({ phone: PHONE, token: wrong(code), type: 'sms' })
      expect(error).toBeInstanceOf(AuthApiError)
      expect(error).toMatchObject({ status: 403, code: 'otp_expired', message: 'Token has expired or is invalid' })
    }
    const last = await supabase.auth.verifyOtp({ phone: PHONE, token: wrong(code), type: 'sms' })
    expect(last.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
    const right = await supabase.auth.verifyOtp({ phone: PHONE, token: code, type: 'sms' })
    expect(right.error).toMatchObject({ status: 429, code: 'over_request_rate_limit' })
    expect(right.data.session).toBeNull()
    const [row] = await latestCodes(db.sql, { phone: '61412345678' })
    expect(row).toMatchObject({ attempts: OTP_RULES.maxAttempts, usedAt: null })
  })

  it('refuses an expired code, and a code used once', async () => {
    const supabase = client()
    await supabase.auth.signInWithOtp({ phone: PHONE })
    const code = lastCode()
    offsetMs += OTP_RULES.expirySeconds * 1000
    expect((await supabase.auth.verifyOtp({ phone: PHONE, token: code, type: 'sms' })).error).toMatchObject({ status: 403, code: 'otp_expired' })

    offsetMs += OTP_RULES.resendSeconds * 1000
    await supabase.auth.signInWithOtp({ phone: PHONE })
    const fresh = lastCode()
    expect((await supabase.auth.verifyOtp({ phone: PHONE, token: fresh, type: 'sms' })).error).toBeNull()
    expect((await client().auth.verifyOtp({ phone: PHONE, token: fresh, type: 'sms' })).error).toMatchObject({ code: 'otp_expired' })
  })

  it('sends one code per phone per minute (over_sms_send_rate_limit), and a new code replaces the old one', async () => {
    const supabase = client()
    await supabase.auth.signInWithOtp({ phone: PHONE })
    const old = lastCode()
    offsetMs += 20_000
    const again = await supabase.auth.signInWithOtp({ phone: PHONE })
    expect(again.error).toBeInstanceOf(AuthApiError)
    expect(again.error).toMatchObject({ status: 429, code: 'over_sms_send_rate_limit', message: 'For security purposes, you can only request this after 40 seconds.' })
    expect(printed).toHaveLength(1)

    offsetMs += 40_000
    expect((await supabase.auth.signInWithOtp({ phone: PHONE })).error).toBeNull()
    const fresh = lastCode()
    if (fresh !== old) expect((await supabase.auth.verifyOtp({ phone: PHONE, token: old, type: 'sms' })).error).toMatchObject({ code: 'otp_expired' })
    expect((await supabase.auth.verifyOtp({ phone: PHONE, token: fresh, type: 'sms' })).error).toBeNull()
  })

  it('sends one code when two requests for a phone arrive at once', async () => {
    const supabase = client()
    const answers = await Promise.all([supabase.auth.signInWithOtp({ phone: PHONE }), supabase.auth.signInWithOtp({ phone: PHONE })])
    expect(answers.filter((answer) => answer.error === null)).toHaveLength(1)
    expect(answers.find((answer) => answer.error)?.error).toMatchObject({ code: 'over_sms_send_rate_limit' })
    expect(printed).toHaveLength(1)
    expect(await latestCodes(db.sql)).toHaveLength(1)
  })

  it('refuses a malformed phone with validation_failed and records nothing', async () => {
    const supabase = client()
    for (const phone of ['0412 345 678', '+0412345678', 'abc', '+61', "'; drop table local_auth_codes; --"]) {
      const { error } = await supabase.auth.signInWithOtp({ phone })
      expect(error, phone).toMatchObject({ status: 400, code: 'validation_failed', message: 'Invalid phone number format (E.164 required)' })
    }
    expect(printed).toEqual([])
    expect(await latestCodes(db.sql)).toEqual([])
  })

  it('rotates refresh tokens: each is good once', async () => {
    const supabase = client()
    await supabase.auth.signInWithOtp({ phone: PHONE })
    const signedIn = (await supabase.auth.verifyOtp({ phone: PHONE, token: lastCode(), type: 'sms' })).data.session!
    const refreshed = await supabase.auth.refreshSession()
    expect(refreshed.error).toBeNull()
    expect(refreshed.data.session?.refresh_token).not.toBe(signedIn.refresh_token)
    expect(decodeJwt(refreshed.data.session!.access_token)?.payload.session_id).toBe(decodeJwt(signedIn.access_token)?.payload.session_id)

    const reuse = await client().auth.refreshSession({ refresh_token: signedIn.refresh_token })
    expect(reuse.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' })
    const unknown = await client().auth.refreshSession({ refresh_token: 'not-a-token' })
    expect(unknown.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' })
  })

  it('signs out: the session ends, and its access token no longer finds the user', async () => {
    const supabase = client()
    await supabase.auth.signInWithOtp({ phone: PHONE })
    const session = (await supabase.auth.verifyOtp({ phone: PHONE, token: lastCode(), type: 'sms' })).data.session!
    expect((await supabase.auth.signOut()).error).toBeNull()
    const after = await client().auth.getUser(session.access_token)
    expect(after.error).toBeInstanceOf(AuthSessionMissingError)
    expect((await client().auth.refreshSession({ refresh_token: session.refresh_token })).error).toMatchObject({ code: 'refresh_token_not_found' })
  })

  it('refuses /user with a forged or expired token (bad_jwt) and without one (no_authorization)', async () => {
    const handler = standIn()
    const supabase = client(handler)
    await supabase.auth.signInWithOtp({ phone: PHONE })
    const session = (await supabase.auth.verifyOtp({ phone: PHONE, token: lastCode(), type: 'sms' })).data.session!
    const [header, payload] = session.access_token.split('.')
    const forged = `${header}.${payload}.${'A'.repeat(43)}`
    expect((await client(handler).auth.getUser(forged)).error).toMatchObject({ status: 403, code: 'bad_jwt' })
    offsetMs += 3601_000
    expect((await client(handler).auth.getUser(session.access_token)).error).toMatchObject({ status: 403, code: 'bad_jwt', message: expect.stringMatching(/expired/) })
    const bare = await handler(new Request(`${AUTH_URL}/auth/v1/user`, { headers: { apikey: ANON_KEY, 'X-Supabase-Api-Version': '2024-01-01' } }))
    expect(bare.status).toBe(401)
    expect(await bare.json()).toEqual({ code: 'no_authorization', message: 'This endpoint requires a valid Bearer token' })
  })

  it('answers the legacy error shape to a client that names no API version, and needs the apikey', async () => {
    const handler = standIn()
    const legacy = await handler(new Request(`${AUTH_URL}/auth/v1/otp`, { method: 'POST', headers: { apikey: ANON_KEY }, body: JSON.stringify({ phone: 'x' }) }))
    expect(legacy.status).toBe(400)
    expect(legacy.headers.get('x-supabase-api-version')).toBeNull()
    expect(await legacy.json()).toEqual({ code: 400, error_code: 'validation_failed', msg: 'Invalid phone number format (E.164 required)' })
    const keyless = await handler(new Request(`${AUTH_URL}/auth/v1/otp`, { method: 'POST', body: JSON.stringify({ phone: PHONE }) }))
    expect(keyless.status).toBe(401)
    expect(printed).toEqual([])
  })

  it('answers CORS for APP_URL only, exposing the API version header supabase-js reads', async () => {
    const handler = standIn()
    const preflight = (origin: string) =>
      handler(new Request(`${AUTH_URL}/auth/v1/otp`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }))
    const allowed = await preflight(APP_URL)
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_URL)
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/x-supabase-api-version/)
    expect((await preflight('https://evil.example')).status).toBe(403)
    const refused = await client(handler).auth.signInWithOtp({ phone: 'nope' })
    expect(refused.error).toMatchObject({ code: 'validation_failed' })
    const raw = await handler(new Request(`${AUTH_URL}/auth/v1/otp`, { method: 'POST', headers: { apikey: ANON_KEY, 'X-Supabase-Api-Version': '2024-01-01' }, body: '{}' }))
    expect(raw.headers.get('access-control-expose-headers')).toBe('X-Supabase-Api-Version')
    expect(raw.headers.get('x-supabase-api-version')).toBe('2024-01-01')
  })
})
