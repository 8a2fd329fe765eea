import * as z from 'zod/mini'
import { sessionViewSchema, type SessionView } from '../../../shared/api/session.ts'
import type { SessionAction } from '../../../shared/api/sessionRequests.ts'
import { callFunction } from '../api/callFunction.ts'
import type { SessionLink } from './sessionLink.ts'

/** daily-create-room's answer says nothing the page needs: only that the room exists. */
const roomCreated = z.unknown()

/** The zone the page shows times in: the server fills the page's prompts in it too. */
function pageTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone
}

/** GET the session view for a link. */
export async function fetchSessionView(functionsUrl: string, link: SessionLink, signal?: AbortSignal): Promise<SessionView> {
  const query = new URLSearchParams({ bookingId: link.bookingId, userType: link.userType, token: link.token, timeZone: pageTimeZone() })
  return callFunction(`${functionsUrl}/session?${query}`, { signal }, sessionViewSchema)
}

type ActionFields<A extends SessionAction['action']> = Omit<Extract<SessionAction, { action: A }>, 'action' | keyof SessionLink>

/** The link's calendar invite (`.ics`): a plain download, authorised by the link like the view. */
export function sessionInviteUrl(functionsUrl: string, link: SessionLink): string {
  return `${functionsUrl}/session?${new URLSearchParams({ bookingId: link.bookingId, userType: link.userType, token: link.token, format: 'ics' })}`
}

/** POST an action (`joined`, `rate`) for a link; answers the updated view. */
export async function postSessionAction<A extends SessionAction['action']>(
  functionsUrl: string,
  link: SessionLink,
  action: A,
  fields: ActionFields<A>,
): Promise<SessionView> {
  const body = { action, ...link, timeZone: pageTimeZone(), ...fields }
  return callFunction(`${functionsUrl}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, sessionViewSchema)
}

/** Asks the server to make (or repair) the link's room; resolves once the room exists. */
export async function createRoom(functionsUrl: string, link: SessionLink, signal?: AbortSignal): Promise<void> {
  await callFunction(
    `${functionsUrl}/daily-create-room`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(link), signal },
    roomCreated,
  )
}
