import { beforeEach, describe, expect, it } from 'vitest'
import { profileSchema } from '../../shared/api/profile.ts'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { signAccessToken } from '../../supabase/functions/_shared/auth/local/localSession.ts'
import { bearerToken, createAccessTokenVerifier } from '../../supabase/functions/_shared/auth/verifyAccessToken.ts'
import type { Authenticate } from '../../supabase/functions/_shared/auth/signedInUser.ts'
import { ProviderError, UnauthorizedError } from '../../supabase/functions/_shared/errors.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import type { Directory } from '../../supabase/functions/_shared/store/directory.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createProfileHandler } from '../../supabase/functions/profile/handler.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()
const AUTH_URL = 'http://127.0.0.1:54398'
const APP_URL = 'http://127.0.0.1:5198'
const SECRET = 'profile-test-jwt-secret-at-least-32-characters'
const URL_ = 'http://127.0.0.1:54398/functions/v1/profile'
const MAX = { id: '11111111-1111-4111-8111-111111111111', phone: '61400000002' }
const EVE = { id: '22222222-2222-4222-8222-222222222222', phone: '61400000009' }

beforeEach(() => db.reset())

/** The same check the deployed function runs (runtime/build/auth.ts), on this test's secret. */
function authenticator(): Authenticate {
  const verify = createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: SECRET })
  return async (req) => {
    const token = bearerToken(req)
    if (token === null) throw new UnauthorizedError('Sign in first')
    return (await verify(token)).user
  }
}

function handler(directory: Directory = createPostgresDirectory(db.sql)) {
  return createProfileHandler({ authenticate: authenticator(), directory, sql: db.sql, appUrl: APP_URL, log: silentLogger, waitForOtherSignupMs: 2_000 })
}

/** A token as the Auth stand-in signs it, for this user. */
async function tokenFor(who: { id: string; phone: string }): Promise<string> {
  const user = { id: who.id, phone: who.phone, createdAt: new Date(), lastSignInAt: new Date() }
  return (await signAccessToken({ authUrl: AUTH_URL, jwtSecret: SECRET }, user, crypto.randomUUID(), new Date())).token
}

function get(token?: string) {
  return new Request(URL_, { headers: { origin: APP_URL, ...(token ? { authorization: `Bearer ${token}` } : {}) } })
}

function post(token: string | undefined, body: unknown) {
  return new Request(URL_, {
    method: 'POST',
    headers: { origin: APP_URL, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

const details = { name: 'Max Member', email: 'Max@Example.com', timeZone: 'Australia/Perth' }
const memberRows = () => db.sql<{ id: string; name: string; phone: string; email: string }[]>`select id::text, name, phone, email from members order by name`

describe('profile function', () => {
  it('shows a first-time person no member and no host', async () => {
    const response = await handler()(get(await tokenFor(MAX)))
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(APP_URL)
    expect(profileSchema.parse(await response.json())).toEqual({ phone: '+61400000002', member: null, host: null })
  })

  it('matches a host by phone however the Hosts record was typed', async () => {
    const [jane] = await db.sql<{ id: string }[]>`insert into hosts (name, email, phone) values ('Jane Host', 'jane@example.com', '0400 000 002') returning id::text`
    const body = await (await handler()(get(await tokenFor(MAX)))).json()
    expect(body).toEqual({ phone: '+61400000002', member: null, host: { id: jane?.id, name: 'Jane Host' } })
  })

  it('creates the member for the signed-in phone once: 201, then 200 with the same record', async () => {
    const token = await tokenFor(MAX)
    const first = await handler()(post(token, details))
    expect(first.status).toBe(201)
    const created = profileSchema.parse(await first.json())
    expect(created.member).toEqual({ id: expect.any(String), name: 'Max Member', email: 'max@example.com', timeZone: 'Australia/Perth' })
    const again = await handler()(post(token, { ...details, name: 'Someone Else' }))
    expect(again.status).toBe(200)
    expect(profileSchema.parse(await again.json()).member).toEqual(created.member)
    expect(await memberRows()).toEqual([{ id: created.member!.id, name: 'Max Member', phone: '+61400000002', email: 'max@example.com' }])
    expect((await (await handler()(get(token))).json()).member).toEqual(created.member)
  })

  it('creates one record when the same person submits several times at once', async () => {
    const token = await tokenFor(MAX)
    const h = handler()
    const answers = await Promise.all(Array.from({ length: 5 }, () => h(post(token, details))))
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 201])
    const ids = new Set(await Promise.all(answers.map(async (answer) => (await answer.json()).member.id)))
    expect(ids.size).toBe(1)
    expect(await memberRows()).toHaveLength(1)
  })

  it('never takes the person from the body: a phone or id sent for someone else is ignored', async () => {
    await handler()(post(await tokenFor(EVE), { ...details, name: 'Eve' }))
    const response = await handler()(post(await tokenFor(MAX), { ...details, phone: '+61400000009', id: EVE.id, memberId: 'x' }))
    expect(response.status).toBe(201)
    const rows = await memberRows()
    expect(rows.map((row) => [row.name, row.phone])).toEqual([['Eve', '+61400000009'], ['Max Member', '+61400000002']])
    // Eve's token sees Eve only.
    expect((await (await handler()(get(await tokenFor(EVE)))).json()).member.name).toBe('Eve')
  })

  it('refuses a missing, expired, forged, alg-none or wrong-audience token with 401, and writes nothing', async () => {
    const good = await tokenFor(MAX)
    const [header, payload] = good.split('.')
    const now = Math.floor(Date.now() / 1000)
    const base = { iss: `${AUTH_URL}/auth/v1`, sub: MAX.id, phone: MAX.phone, aud: 'authenticated', iat: now - 10, exp: now + 3600 }
    const tokens = {
      missing: undefined,
      expired: await signJwtHs256({ ...base, iat: now - 7200, exp: now - 3600 }, SECRET),
      forged: await signJwtHs256(base, 'another-secret-entirely-at-least-32-chars'),
      'alg none': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`,
      tampered: `${header}.${Buffer.from(JSON.stringify({ ...base, phone: EVE.phone })).toString('base64url')}.${good.split('.')[2]}`,
      'wrong aud': await signJwtHs256({ ...base, aud: 'anon' }, SECRET),
      'no phone': await signJwtHs256({ ...base, phone: '' }, SECRET),
    }
    for (const [name, token] of Object.entries(tokens)) {
      for (const request of [get(token), post(token, details)]) {
        const response = await handler()(request)
        expect(response.status, name).toBe(401)
        expect(await response.json(), name).toMatchObject({ error: 'unauthorized', message: expect.any(String) })
      }
    }
    expect(await memberRows()).toEqual([])
  })

  it('refuses bad details with 400 and a message per field, and writes nothing', async () => {
    const token = await tokenFor(MAX)
    for (const body of [{ name: ' ', email: 'max@example.com', timeZone: 'Australia/Perth' }, { name: 'Max', email: 'not-an-email', timeZone: 'Australia/Perth' }, { name: 'Max', email: 'max@example.com', timeZone: 'Mars/Olympus' }, {}, 'not json']) {
      const response = await handler()(post(token, body))
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect((await response.json()).message).toMatch(/Enter your name|email address|time zone|JSON|expected/i)
    }
    expect(await memberRows()).toEqual([])
  })

  it('lets a failed create be retried at once: the phone is not left claimed', async () => {
    const real = createPostgresDirectory(db.sql)
    let failures = 1
    // The Airtable adapter makes one attempt; an outage reaches the function as a retryable ProviderError.
    const flaky: Directory = {
      ...real,
      async createMember(member) {
        if (failures-- > 0) throw new ProviderError('airtable', 'create Members: 503 SERVICE_UNAVAILABLE', true, 503)
        return real.createMember(member)
      },
    }
    const token = await tokenFor(MAX)
    const failed = await handler(flaky)(post(token, details))
    expect(failed.status).toBe(503)
    expect(await memberRows()).toEqual([])
    const retried = await handler(flaky)(post(token, details))
    expect(retried.status).toBe(201)
    expect(await memberRows()).toHaveLength(1)
  })

  it('answers CORS preflights for APP_URL only, and refuses other methods', async () => {
    const preflight = (origin: string) => handler()(new Request(URL_, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } }))
    const allowed = await preflight(APP_URL)
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/)
    expect((await preflight('https://evil.example')).status).toBe(403)
    const put = await handler()(new Request(URL_, { method: 'PUT', headers: { authorization: `Bearer ${await tokenFor(MAX)}` } }))
    expect(put.status).toBe(405)
  })
})
