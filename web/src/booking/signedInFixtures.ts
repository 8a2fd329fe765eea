import type { Session } from '@supabase/supabase-js'
import type { Profile } from '../../../shared/api/profile.ts'
import type { SignedInState } from '../auth/useSignedIn.ts'

/** Test-only: sign-in states as `useSignedIn()` gives them, for pages that need a member. */

export const MEMBER_PROFILE: Profile = {
  phone: '+61412345678',
  member: { id: 'mem-1', name: 'Max Member', email: 'max@example.com', timeZone: 'Australia/Perth' },
  host: null,
}

export function signedOut(): SignedInState {
  return { status: 'signedOut' }
}

export function signedInAs(profile: Profile | null = MEMBER_PROFILE, profileError: string | null = null): SignedInState {
  const session = { access_token: 'test.access.token', user: { id: 'user-1', phone: profile?.phone.slice(1) ?? '' } } as unknown as Session
  return { status: 'signedIn', session, profile, profileError, signOut: async () => {}, reloadProfile: async () => {} }
}
