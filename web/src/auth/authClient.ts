import type { SupabaseClient } from '@supabase/supabase-js'
import { supabaseAnonKey, supabaseUrl } from '../config.ts'

/** Where supabase-js keeps the session in localStorage. Named, so a page can tell there is none without loading it. */
export const AUTH_STORAGE_KEY = 'presence-auth'

let client: Promise<SupabaseClient> | undefined

/** The one supabase-js client, loaded on first use: pages that never sign in never download it. */
export function authClient(): Promise<SupabaseClient> {
  client ??= import('@supabase/supabase-js').then(({ createClient }) =>
    createClient(supabaseUrl, supabaseAnonKey, {
      auth: { storageKey: AUTH_STORAGE_KEY, persistSession: true, autoRefreshToken: true, detectSessionInUrl: false },
    }),
  )
  return client
}

/** False when no session was ever stored here: signed out, with no need to load supabase-js. */
export function mightHaveSession(): boolean {
  try {
    return localStorage.getItem(AUTH_STORAGE_KEY) !== null
  } catch {
    return false
  }
}
