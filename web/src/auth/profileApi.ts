import { profileSchema, type CreateProfileRequest, type Profile } from '../../../shared/api/profile.ts'
import { callFunction } from '../api/callFunction.ts'
import { functionsUrl } from '../config.ts'
import { authorizedFetch } from './authorizedFetch.ts'

function call(init: RequestInit): Promise<Profile> {
  return callFunction(`${functionsUrl}/profile`, init, profileSchema, authorizedFetch)
}

/** Who the signed-in person is: their member and host records, matched by their phone. */
export function fetchProfile(signal?: AbortSignal): Promise<Profile> {
  return call({ signal })
}

/** Creates the signed-in person's member record (or answers the one they already have). */
export function saveProfile(details: CreateProfileRequest): Promise<Profile> {
  return call({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(details) })
}
