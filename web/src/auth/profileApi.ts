import { errorBodySchema } from '../../../shared/api/errorBody.ts'
import { profileSchema, type CreateProfileRequest, type Profile } from '../../../shared/api/profile.ts'
import { functionsUrl } from '../config.ts'
import { authorizedFetch } from './authorizedFetch.ts'

/** A refused or failed call to the profile function. `status` 0: no answer at all. */
export class ProfileApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ProfileApiError'
  }
}

async function call(init: RequestInit): Promise<Profile> {
  let response: Response
  try {
    response = await authorizedFetch(`${functionsUrl}/profile`, init)
  } catch (error) {
    if (init.signal?.aborted) throw error
    throw new ProfileApiError(0, 'network', 'The server could not be reached. Check your connection and try again.')
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const named = errorBodySchema.safeParse(body)
    throw named.success
      ? new ProfileApiError(response.status, named.data.error, named.data.message)
      : new ProfileApiError(response.status, `http_${response.status}`, `The server answered ${response.status}.`)
  }
  const parsed = profileSchema.safeParse(body)
  if (!parsed.success) throw new ProfileApiError(response.status, 'unexpected_body', 'The server answered with something unexpected.')
  return parsed.data
}

/** Who the signed-in person is: their member and host records, matched by their phone. */
export function fetchProfile(signal?: AbortSignal): Promise<Profile> {
  return call({ signal })
}

/** Creates the signed-in person's member record (or answers the one they already have). */
export function saveProfile(details: CreateProfileRequest): Promise<Profile> {
  return call({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(details) })
}
