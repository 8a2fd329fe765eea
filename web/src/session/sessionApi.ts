import { BOOKING_STATUSES, ROOM_STATUSES } from '../../../shared/domain/statuses.ts'
import type { SessionAction, SessionError, SessionView } from '../../../shared/sessions/sessionView.ts'
import type { SessionLink } from './sessionLink.ts'

/** How to enter the room: present only inside the join window. */
export type SessionJoin = NonNullable<SessionView['join']>

/** A refused or failed call to the session endpoints. `status` 0 means the request never got an answer. */
export class SessionApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: SessionError['error'],
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

const isString = (value: unknown): value is string => typeof value === 'string'
const isNullableString = (value: unknown): value is string | null => value === null || isString(value)
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

function isJoin(value: unknown): value is SessionJoin | null {
  if (value === null) return true
  return (
    isObject(value) &&
    (value.provider === 'daily' || value.provider === 'local') &&
    isString(value.roomUrl) &&
    isString(value.token) &&
    isString(value.expiresAt)
  )
}

/** Checks the fields the page acts on, so a malformed answer is an error screen rather than a crash. */
export function isSessionView(value: unknown): value is SessionView {
  if (!isObject(value)) return false
  const { joinWindow, prompts, joined, rating } = value
  return (
    isString(value.bookingId) &&
    (value.role === 'host' || value.role === 'member') &&
    BOOKING_STATUSES.includes(value.bookingStatus as never) &&
    ROOM_STATUSES.includes(value.roomStatus as never) &&
    isNullableString(value.title) &&
    isNullableString(value.hostName) &&
    isNullableString(value.memberName) &&
    isNullableString(value.cancellationReason) &&
    isString(value.start) &&
    isString(value.end) &&
    isString(value.serverTime) &&
    isObject(joinWindow) &&
    isString(joinWindow.opensAt) &&
    isString(joinWindow.closesAt) &&
    ['before', 'open', 'closed'].includes(joinWindow.state as string) &&
    isObject(prompts) &&
    isNullableString(prompts.preSession) &&
    isNullableString(prompts.postSession) &&
    isObject(joined) &&
    (rating === null || (isObject(rating) && typeof rating.stars === 'number')) &&
    isJoin(value.join)
  )
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
    const named = isObject(body) && isString(body.error) && isString(body.message) ? (body as unknown as SessionError) : null
    throw new SessionApiError(response.status, named?.error ?? `http_${response.status}`, named?.message ?? `The server answered ${response.status}.`)
  }
  return body
}

function expectView(body: unknown): SessionView {
  if (!isSessionView(body)) throw new SessionApiError(200, 'unexpected_body', 'The server answered with something unexpected.')
  return body
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
