import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { DEVELOPMENT_SECRETS } from '../../../shared/config/loadConfig.ts'

beforeEach(() => {
  vi.resetModules()
  localStorage.clear()
})

afterEach(() => {
  vi.doUnmock('@supabase/supabase-js')
  vi.unstubAllGlobals()
})

it('signed out, sends the request without a token and never loads supabase-js', async () => {
  vi.doMock('@supabase/supabase-js', () => {
    throw new Error('supabase-js was loaded')
  })
  const seen: Headers[] = []
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    seen.push(new Headers(init.headers))
    return new Response('{}')
  })
  const { authorizedFetch } = await import('./authorizedFetch.ts')
  await authorizedFetch('http://127.0.0.1:54321/functions/v1/profile', { headers: { 'content-type': 'application/json' } })
  expect(seen[0]?.get('authorization')).toBeNull()
  expect(seen[0]?.get('content-type')).toBe('application/json')
})

it('signed in, adds the stored session’s access token', async () => {
  const now = Math.floor(Date.now() / 1000)
  const session = { access_token: 'header.payload.signature', token_type: 'bearer', expires_in: 3600, expires_at: now + 3600, refresh_token: 'r1', user: { id: 'u1', aud: 'authenticated', app_metadata: {}, user_metadata: {}, created_at: new Date().toISOString() } }
  const { AUTH_STORAGE_KEY } = await import('./authClient.ts')
  localStorage.setItem(AUTH_STORAGE_KEY, JSON.stringify(session))
  const seen: Headers[] = []
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    seen.push(new Headers(init.headers))
    return new Response('{}')
  })
  const { authorizedFetch } = await import('./authorizedFetch.ts')
  await authorizedFetch('http://127.0.0.1:54321/functions/v1/checkout')
  expect(seen.at(-1)?.get('authorization')).toBe('Bearer header.payload.signature')
})

it('defaults to the local stand-in: the functions origin and the development anon key', async () => {
  const { functionsUrl, supabaseAnonKey, supabaseUrl } = await import('../config.ts')
  expect(supabaseUrl).toBe(new URL(functionsUrl).origin)
  expect(supabaseAnonKey).toBe(DEVELOPMENT_SECRETS.anonKey)
})
