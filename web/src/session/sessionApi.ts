import { errorBodySchema, type ErrorBody } from '../../../shared/api/errorBody.ts'
import { sessionViewSchema, type SessionView } from '../../../shared/api/session.ts'
import type { SessionAction } from '../../../shared/api/sessionRequests.ts'
import type { SessionLink } from './sessionLink.ts'

/** A refused or failed call to the session endpoints. `status` 0 means the request never got an answer. */
export class SessionApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorBody['error'],
    message: string,
  ) {
    super(message)
    this.name = 'SessionApiError'
  }

  /** Worth asking again after a pause: no answer, or the server or its provider is busy. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 503 || this.status === 504
  }
}

async function send(url: string, init: RequestInit): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, init)
  } catch (error) {
    if (init.signal?.aborted) throw error
    throw new SessionApiError(0, 'network', 'The server could not be reached.')
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const named = errorBodySchema.safeParse(body)
    if (named.success) throw new SessionApiError(response.status, named.data.error, named.data.message)
    throw new SessionApiError(response.status, `http_${response.status}`, `The server answered ${response.status}.`)
  }
  return body
}

/** A malformed answer is an error screen rather than a crash. */
function expectView(body: unknown): SessionView {
  const view = sessionViewSchema.safeParse(body)
  if (!view.success) throw new SessionApiError(200, 'unexpected_body', 'The server answered with something unexpected.')
  return view.data
}

/** GET the session view for a link. */
export async function fetchSessionView(functionsUrl: string, link: SessionLink, signal?: AbortSignal): Promise<SessionView> {
  const query = new URLSearchParams({ bookingId: link.bookingId, userType: link.userType, token: link.token })
  return expectView(await send(`${functionsUrl}/session?${query}`, { signal }))
}

type ActionFields<A extends SessionAction['action']> = Omit<Extract<SessionAction, { action: A }>, 'action' | keyof SessionLink>

/** POST an action (`joined`, `rate`) for a link; answers the updated view. */
export async function postSessionAction<A extends SessionAction['action']>(
  functionsUrl: string,
  link: SessionLink,
  action: A,
  fields: ActionFields<A>,
): Promise<SessionView> {
  const body = { action, ...link, ...fields }
  return expectView(await send(`${functionsUrl}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }))
}

/** Asks the server to make (or repair) the link's room; resolves once the room exists. */
export async function createRoom(functionsUrl: string, link: SessionLink, signal?: AbortSignal): Promise<void> {
  await send(`${functionsUrl}/daily-create-room`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(link),
    signal,
  })
}
