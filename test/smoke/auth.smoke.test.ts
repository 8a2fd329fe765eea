import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEVELOPMENT_SECRETS } from '../../shared/config/loadConfig.ts'
import { startLocalStack, type LocalStack } from '../../scripts/stack/localStack.ts'
import { eventually, freePort } from '../support/ports.ts'

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>

/** Node 20 has no WebSocket and supabase-js's realtime client wants one at construction; sign-in never opens it. */
class realtimeUnused {
  constructor() {
    throw new Error('realtime is not used by sign-in')
  }
}

// Sign-in as `npm start` serves it: the Auth stand-in and the profile function under real Deno,
// supabase-js over HTTP, the code read from the functions server's console as a developer would.
describe('smoke: sign-in under real Deno', () => {
  let stack: LocalStack
  let origin: string
  let appUrl: string
  const output: string[] = []

  beforeAll(async () => {
    const [functionsPort, dbPort, workerPort, webPort] = [await freePort(), await freePort(), await freePort(), await freePort()]
    appUrl = `http://127.0.0.1:${webPort}`
    stack = await startLocalStack({
      env: { PATH: process.env.PATH, HOME: process.env.HOME, FUNCTIONS_PORT: String(functionsPort), DB_PORT: String(dbPort), WORKER_PORT: String(workerPort), APP_URL: appUrl },
      onFunctionsOutput: (line) => output.push(line),
      onWorkerOutput: () => {},
    })
    origin = new URL(stack.functionsUrl).origin
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
  })

  const client = (): SupabaseClient =>
    createClient(origin, DEVELOPMENT_SECRETS.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: realtimeUnused as unknown as RealtimeTransport },
    })

  async function signIn(phone: string) {
    const supabase = client()
    expect((await supabase.auth.signInWithOtp({ phone })).error).toBeNull()
    const line = await eventually(async () => output.find((l) => l.includes(`sign-in code for ${phone}:`)), 10_000, 'the printed code')
    const code = /: (\d{6}) /.exec(line)![1]!
    const { data, error } = await supabase.auth.verifyOtp({ phone, token: code, type: 'sms' })
    expect(error).toBeNull()
    return data.session!.access_token
  }

  const profile = (token: string, init: RequestInit = {}) =>
    fetch(`${stack.functionsUrl}/profile`, { ...init, headers: { origin: appUrl, authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } })

  it('the seeded member and host are found by the phone they sign in with', async () => {
    const member = await (await profile(await signIn('+61400000009'))).json()
    expect(member).toMatchObject({ phone: '+61400000009', member: { name: 'Max Member' }, host: null })
    const host = await (await profile(await signIn('+61400000001'))).json()
    expect(host).toMatchObject({ phone: '+61400000001', member: null, host: { name: expect.any(String) } })
  })

  it('a newcomer creates their member record once; a forged token is refused', async () => {
    const token = await signIn('+61412345678')
    const body = JSON.stringify({ name: 'New Member', email: 'new@example.com', timeZone: 'Australia/Brisbane' })
    const created = await profile(token, { method: 'POST', body })
    expect(created.status).toBe(201)
    const again = await profile(token, { method: 'POST', body })
    expect(again.status).toBe(200)
    expect((await again.json()).member.id).toBe((await created.json()).member.id)
    const [header, payload] = token.split('.')
    expect((await profile(`${header}.${payload}.${'A'.repeat(43)}`)).status).toBe(401)
  })

  it('answers the SPA origin’s preflight for Auth and profile', async () => {
    for (const path of ['/auth/v1/otp', '/functions/v1/profile']) {
      const preflight = await fetch(`${origin}${path}`, { method: 'OPTIONS', headers: { origin: appUrl, 'access-control-request-method': 'POST' } })
      expect(preflight.status, path).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin'), path).toBe(appUrl)
    }
  })
})
