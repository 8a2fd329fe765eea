import type { Session } from '@supabase/supabase-js'
import type { Profile } from '../../../shared/api/profile.ts'
import { authClient, mightHaveSession } from './authClient.ts'
import { FunctionCallError } from '../api/callFunction.ts'
import { fetchProfile } from './profileApi.ts'

export type SignedInState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | {
      status: 'signedIn'
      session: Session
      /** null when it could not be loaded; `profileError` says why. */
      profile: Profile | null
      profileError: string | null
      signOut(): Promise<void>
      reloadProfile(): Promise<void>
    }

/**
 * One sign-in state for the whole page, shared by every component that asks: the session from
 * supabase-js and the profile it belongs to, loaded once per sign-in rather than once per component.
 */
let state: SignedInState = { status: 'loading' }
const listeners = new Set<() => void>()
let started = false
/** Bumped by every load, so an older, slower answer never overwrites a newer one. */
let generation = 0

function set(next: SignedInState): void {
  state = next
  for (const listener of listeners) listener()
}

export function getSignedInState(): SignedInState {
  return state
}

export function subscribeSignedIn(listener: () => void): () => void {
  listeners.add(listener)
  start()
  return () => listeners.delete(listener)
}

async function signOut(): Promise<void> {
  generation++
  // Local scope: this browser only, as a member expects of "sign out" on one device.
  await (await authClient()).auth.signOut({ scope: 'local' })
  set({ status: 'signedOut' })
}

/** Reads the session and, signed in, the profile. Called at start, on every sign-in change, and after saving a profile. */
export async function reloadSignedIn(): Promise<void> {
  const mine = ++generation
  const client = await authClient()
  listenForChanges()
  const { data } = await client.auth.getSession()
  if (mine !== generation) return
  const session = data.session
  if (!session) return set({ status: 'signedOut' })
  let profile: Profile | null = null
  let profileError: string | null = null
  try {
    profile = await fetchProfile()
  } catch (error) {
    if (mine !== generation) return
    // The functions refuse this session (signed out elsewhere, or another stand-in's token): start again.
    if (error instanceof FunctionCallError && error.status === 401) return signOut()
    profileError = error instanceof Error ? error.message : String(error)
  }
  if (mine !== generation) return
  set({ status: 'signedIn', session, profile, profileError, signOut, reloadProfile: reloadSignedIn })
}

let listening = false

function listenForChanges(): void {
  if (listening) return
  listening = true
  void authClient().then((client) =>
    client.auth.onAuthStateChange((event, session) => {
      const current = state.status === 'signedIn' ? state.session.user.id : null
      const changed = (session?.user.id ?? null) !== current
      if (event === 'TOKEN_REFRESHED' && !changed && state.status === 'signedIn' && session) {
        set({ ...state, session })
        return
      }
      // supabase-js asks that its own calls wait until this callback has returned.
      if (changed || event === 'SIGNED_OUT') setTimeout(() => void reloadSignedIn(), 0)
    }),
  )
}

function start(): void {
  if (started) return
  started = true
  if (!mightHaveSession()) {
    set({ status: 'signedOut' })
    return
  }
  void reloadSignedIn().catch(() => set({ status: 'signedOut' }))
}
