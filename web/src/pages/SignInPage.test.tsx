import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router-dom'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { Profile } from '../../../shared/api/profile.ts'
import { OTP_RULES } from '../../../shared/auth/otpRules.ts'
import { functionsUrl, supabaseUrl } from '../config.ts'

/**
 * The page with the real supabase-js client. Its requests (and the profile function's) answer from
 * `answer` below, shaped as Supabase Auth and the profile function answer them.
 */
type Route = (request: { method: string; path: string; body: Record<string, unknown>; headers: Headers }) => Response | undefined
const seen: Array<{ method: string; path: string; body: Record<string, unknown>; authorization: string | null }> = []
let answer: Route

const USER_ID = '4f0c1e7a-8d0a-4b7e-9a51-2c3d4e5f6a7b'
const segment = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
function accessToken(): string {
  const now = Math.floor(Date.now() / 1000)
  return `${segment({ alg: 'HS256', typ: 'JWT' })}.${segment({ sub: USER_ID, phone: '61412345678', aud: 'authenticated', role: 'authenticated', iat: now, exp: now + 3600, session_id: 'a0000000-0000-4000-8000-000000000001' })}.c2lnbmF0dXJl`
}

function gotrue(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ code, message }), { status, headers: { 'content-type': 'application/json', 'X-Supabase-Api-Version': '2024-01-01' } })
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

function session(): Response {
  const now = Math.floor(Date.now() / 1000)
  const user = { id: USER_ID, aud: 'authenticated', role: 'authenticated', email: '', phone: '61412345678', app_metadata: { provider: 'phone', providers: ['phone'] }, user_metadata: {}, created_at: new Date().toISOString() }
  return json(200, { access_token: accessToken(), token_type: 'bearer', expires_in: 3600, expires_at: now + 3600, refresh_token: 'refresh-1', user })
}

const newcomer: Profile = { phone: '+61412345678', member: null, host: null }
const member: Profile = { phone: '+61412345678', member: { id: 'rec00000000000001', name: 'Max Member', email: 'max@example.com', timeZone: 'Australia/Perth' }, host: null }

beforeEach(() => {
  vi.resetModules()
  localStorage.clear()
  seen.length = 0
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    const text = await request.text()
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {}
    seen.push({ method: request.method, path: url.pathname, body, authorization: request.headers.get('authorization') })
    const reply = answer({ method: request.method, path: url.pathname, body, headers: request.headers })
    if (!reply) throw new Error(`unexpected request ${request.method} ${url}`)
    return reply
  })
})

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

async function renderAt(url: string) {
  // Fresh modules each test: the sign-in state and the supabase-js client are one per page load.
  const { default: SignInPage } = await import('./SignInPage.tsx')
  const router = createMemoryRouter(
    [
      { path: '/sign-in', element: <SignInPage /> },
      { path: '/plans', element: <h1>Plans</h1> },
      { path: '/host-selection', element: <h1>Choose a host</h1> },
    ],
    { initialEntries: [url] },
  )
  render(<RouterProvider router={router} />)
  return router
}

const alert = () => screen.getAllByRole('alert').map((element) => element.textContent).join(' ')

async function enterPhone(typed: string) {
  fireEvent.change(await screen.findByLabelText('Mobile number'), { target: { value: typed } })
  fireEvent.click(screen.getByRole('button', { name: 'Text me a code' }))
}

async function enterCode(code: string) {
  fireEvent.change(await screen.findByLabelText(`${OTP_RULES.length}-digit code`), { target: { value: code } })
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
}

const auth = (path: string) => `${new URL(supabaseUrl).pathname.replace(/\/$/, '')}/auth/v1/${path}`
const profilePath = new URL(`${functionsUrl}/profile`).pathname

it('signs a first-time member in: phone, a wrong then the right code, their details, then back to next', async () => {
  let profile = newcomer
  const codes = ['111111']
  answer = ({ method, path, body }) => {
    if (path === auth('otp')) return json(200, { message_id: 'local-1' })
    if (path === auth('verify')) return body.token === '123456' ? session() : (codes.shift(), gotrue(403, 'otp_expired', 'Token has expired or is invalid'))
    if (path === profilePath && method === 'GET') return json(200, profile)
    if (path === profilePath && method === 'POST') {
      profile = member
      return json(201, member)
    }
  }
  const router = await renderAt('/sign-in?next=%2Fplans%3Fhost%3Drec1%26plan%3Dweekly')

  await enterPhone('0412 345 678')
  expect(await screen.findByRole('heading', { name: 'Enter your code' })).toBeTruthy()
  expect(seen[0]).toMatchObject({ method: 'POST', path: auth('otp'), body: { phone: '+61412345678' } })
  expect(screen.getByRole('button', { name: /Send a new code \(in \d+ s\)/ })).toHaveProperty('disabled', true)

  await enterCode('111111')
  expect(await screen.findByText('That code is not right. Check the text message and try again.')).toBeTruthy()

  await enterCode('123 456')
  expect(await screen.findByRole('heading', { name: 'Tell us about you' })).toBeTruthy()
  const profileGet = seen.find((request) => request.path === profilePath)
  // The profile function is asked with the session's access token, never an id.
  const [, claims] = (profileGet?.authorization ?? '').replace(/^Bearer /, '').split('.')
  expect(JSON.parse(atob((claims ?? '').replace(/-/g, '+').replace(/_/g, '/')))).toMatchObject({ sub: USER_ID })
  expect(profileGet?.path).toBe(profilePath)
  expect((screen.getByLabelText('Time zone') as HTMLSelectElement).value).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone)

  fireEvent.click(screen.getByRole('button', { name: 'Continue' }))
  expect(alert()).toMatch(/Enter your name\. Enter an email address/)
  expect(seen.filter((request) => request.method === 'POST' && request.path === profilePath)).toEqual([])

  fireEvent.change(screen.getByLabelText('Your name'), { target: { value: ' Max Member ' } })
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'Max@Example.com' } })
  fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Australia/Perth' } })
  fireEvent.click(screen.getByRole('button', { name: 'Continue' }))
  expect(await screen.findByRole('heading', { name: 'Plans' })).toBeTruthy()
  expect(router.state.location.pathname + router.state.location.search).toBe('/plans?host=rec1&plan=weekly')
  const saved = seen.find((request) => request.method === 'POST' && request.path === profilePath)
  expect(saved?.body).toEqual({ name: 'Max Member', email: 'max@example.com', timeZone: 'Australia/Perth' })
})

it('refuses a malformed number before asking Supabase, and says why', async () => {
  answer = () => undefined
  await renderAt('/sign-in')
  await enterPhone('12345')
  expect(alert()).toMatch(/12345 is not a valid phone number/)
  expect(screen.getByLabelText('Mobile number').getAttribute('aria-invalid')).toBe('true')
  expect(seen).toEqual([])
})

it('tells an expired code from a wrong one by the clock, and says when attempts run out', async () => {
  answer = ({ path }) => {
    if (path === auth('otp')) return json(200, {})
    if (path === auth('verify')) return gotrue(403, 'otp_expired', 'Token has expired or is invalid')
  }
  await renderAt('/sign-in')
  await enterPhone('+61 412 345 678')
  await screen.findByRole('heading', { name: 'Enter your code' })
  const sentAt = Date.now()
  vi.spyOn(Date, 'now').mockReturnValue(sentAt + OTP_RULES.expirySeconds * 1000 + 1_000)
  await enterCode('654321')
  expect(await screen.findByText('This code has expired. Send a new code to try again.')).toBeTruthy()

  answer = ({ path }) => (path === auth('verify') ? gotrue(429, 'over_request_rate_limit', 'Request rate limit reached') : undefined)
  await enterCode('654321')
  expect(await screen.findByText('Too many wrong codes. Send a new code to try again.')).toBeTruthy()
})

it('goes on to the code when one was sent moments ago, and waits the seconds Supabase asks before another', async () => {
  answer = ({ path }) => (path === auth('otp') ? gotrue(429, 'over_sms_send_rate_limit', 'For security purposes, you can only request this after 42 seconds.') : undefined)
  await renderAt('/sign-in')
  await enterPhone('0412345678')
  expect(await screen.findByText('A code was sent a moment ago. You can ask for a new one in 42 seconds.')).toBeTruthy()
  expect(screen.getByRole('status').textContent).toMatch(/42 seconds/)
  const resend = screen.getByRole('button', { name: /Send a new code \(in (41|42) s\)/ })
  expect(resend).toHaveProperty('disabled', true)
})

it('sends a host, matched by phone, straight back without asking for member details', async () => {
  answer = ({ path }) => {
    if (path === auth('otp')) return json(200, {})
    if (path === auth('verify')) return session()
    if (path === profilePath) return json(200, { phone: '+61412345678', member: null, host: { id: 'rec00000000000009', name: 'Jane Host' } })
  }
  const router = await renderAt('/sign-in?next=%2Fplans')
  await enterPhone('0412 345 678')
  await enterCode('123456')
  expect(await screen.findByRole('heading', { name: 'Plans' })).toBeTruthy()
  expect(router.state.location.pathname).toBe('/plans')
})

it('never follows next off this site', async () => {
  answer = ({ path }) => {
    if (path === auth('otp')) return json(200, {})
    if (path === auth('verify')) return session()
    if (path === profilePath) return json(200, member)
  }
  const router = await renderAt('/sign-in?next=%2F%2Fevil.example%2Fphish')
  await enterPhone('0412 345 678')
  await enterCode('123456')
  expect(await screen.findByRole('heading', { name: 'Choose a host' })).toBeTruthy()
  expect(router.state.location.pathname).toBe('/host-selection')
})

it('says when Auth cannot be reached', async () => {
  answer = ({ path }) => (path === auth('otp') ? json(503, { message: 'upstream unavailable' }) : undefined)
  await renderAt('/sign-in')
  await enterPhone('0412 345 678')
  expect(await screen.findByText('Sign-in is not reachable right now. Check your connection and try again.')).toBeTruthy()
})
