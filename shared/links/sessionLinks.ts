import { hmacSha256, timingSafeEqual, toBase64Url } from '../crypto/hmac.ts'
import type { SessionTimes } from '../domain/sessionTimes.ts'
import type { Role } from '../sessions/sessionView.ts'

/**
 * Session links: `/video-session?bookingId=<uid>&userType=host|member&token=<token>`.
 *
 * The token signs the session (not the uid, which changes on reschedule) and the role, so a
 * link sent before a reschedule still works, a host token is useless as a member's and one
 * booking's token is useless on another. It carries no expiry of its own: the server refuses it
 * once the session is over (see `LINK_VALID_AFTER_END_MS`), whenever the session now ends.
 */
const TOKEN_VERSION = 'v1'

/** After the end, a link still opens the page (to rate the session) for this long. */
export const LINK_VALID_AFTER_END_MS = 2 * 3600_000

export async function signSessionToken(secret: string, sessionId: string, role: Role): Promise<string> {
  const mac = await hmacSha256(secret, `presence-session-link:${TOKEN_VERSION}:${sessionId}:${role}`)
  return `${TOKEN_VERSION}.${toBase64Url(mac)}`
}

export async function verifySessionToken(secret: string, sessionId: string, role: Role, token: string): Promise<boolean> {
  return timingSafeEqual(await signSessionToken(secret, sessionId, role), token)
}

export function linkExpired(times: SessionTimes, now: Date): boolean {
  return now.getTime() > times.end.getTime() + LINK_VALID_AFTER_END_MS
}

export function sessionLinkUrl(appUrl: string, bookingId: string, role: Role, token: string): string {
  const url = new URL('/video-session', appUrl)
  url.searchParams.set('bookingId', bookingId)
  url.searchParams.set('userType', role)
  url.searchParams.set('token', token)
  return url.toString()
}
