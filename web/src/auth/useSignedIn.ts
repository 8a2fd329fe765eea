import { useSyncExternalStore } from 'react'
import { getSignedInState, subscribeSignedIn, type SignedInState } from './signedInStore.ts'

export type { SignedInState } from './signedInStore.ts'

/**
 * The signed-in person: `loading` until known, then `signedOut`, or `signedIn` with the session,
 * the profile (member and host records, matched by phone) and `signOut`.
 */
export function useSignedIn(): SignedInState {
  return useSyncExternalStore(subscribeSignedIn, getSignedInState)
}
