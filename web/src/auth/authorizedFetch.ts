import { authClient, mightHaveSession } from './authClient.ts'

/** The signed-in person's access token (refreshed by supabase-js when it is near expiry), or null. */
export async function currentAccessToken(): Promise<string | null> {
  if (!mightHaveSession()) return null
  const { data } = await (await authClient()).auth.getSession()
  return data.session?.access_token ?? null
}

/**
 * `fetch` with the signed-in person's access token as `Authorization: Bearer …`, for functions
 * that act for them. Signed out, the request goes without one and the function answers 401.
 */
export async function authorizedFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const token = await currentAccessToken()
  const headers = new Headers(init.headers)
  if (token !== null) headers.set('authorization', `Bearer ${token}`)
  return fetch(url, { ...init, headers })
}
