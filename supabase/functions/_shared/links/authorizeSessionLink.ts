import { z } from 'zod'
import { sessionLinkParamsShape } from '../../../../shared/api/sessionRequests.ts'
import { sessionTimesOf } from '../../../../shared/domain/sessionTimes.ts'
import { linkExpired, verifySessionToken } from '../../../../shared/links/sessionLinks.ts'
import type { Role } from '../../../../shared/sessions/sessionView.ts'
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors.ts'
import type { SessionRepository, SessionRow } from '../sessions/sessionRepository.ts'

/** The link's values as a zod object, so a function can extend it with its own fields. */
export const linkParamsSchema = z.object(sessionLinkParamsShape)

/**
 * Checks a session link: the booking exists (under its current or any earlier uid), the token
 * was signed for that session and that role, and the session is not long over. The booking id
 * is only ever used as a bound query parameter.
 */
export async function authorizeSessionLink(
  sessions: SessionRepository,
  secret: string,
  params: unknown,
  now: Date,
): Promise<{ session: SessionRow; role: Role }> {
  const parsed = linkParamsSchema.safeParse(params)
  if (!parsed.success) throw new BadRequestError('A session link needs bookingId and userType (host or member)')
  const { bookingId, userType, token } = parsed.data
  if (!token) throw new ForbiddenError('This link has no token; use the link you were sent', 'invalid_link')
  const session = await sessions.findByBookingId(bookingId)
  if (!session) throw new NotFoundError('No session was found for this booking')
  if (!(await verifySessionToken(secret, session.id, userType, token))) {
    throw new ForbiddenError('This link is not valid for this session; use the link you were sent', 'invalid_link')
  }
  if (linkExpired(sessionTimesOf(session.state), now)) throw new ForbiddenError('This link has expired: the session is over', 'link_expired')
  return { session, role: userType }
}
