import type { DashboardAction, DashboardActionResult } from '../../../shared/api/dashboard.ts'
import type { SignedInUser } from '../_shared/auth/signedInUser.ts'
import { ForbiddenError, NotFoundError, UnprocessableError } from '../_shared/errors.ts'
import { recordIdOf } from '../_shared/jobs/sessionJobs.ts'
import { hasTakenPlace } from '../_shared/sessions/heldSession.ts'
import type { SessionRepository, SessionRow } from '../_shared/sessions/sessionRepository.ts'
import type { Directory } from '../_shared/store/directory.ts'

export interface LikeActionsDeps {
  sessions: Pick<SessionRepository, 'findByBookingId' | 'get' | 'setHostLike' | 'dismissHostLike'>
  directory: Pick<Directory, 'findHostByPhone' | 'findMemberByPhone'>
  /** Makes the record show the like after the response. */
  /** Queues the sync of the record kept under this id. */
  requestSync: (recordId: string) => void
}

type ActionOf<K extends DashboardAction['action']> = Extract<DashboardAction, { action: K }>

function resultOf(session: SessionRow): DashboardActionResult {
  return { bookingId: session.state.bookingId, likedMember: session.hostLikedAt !== null, likeDismissed: session.hostLikeDismissedAt !== null }
}

/** One answer for "no such booking" and "not yours", so a guess reveals nothing about others' bookings. */
const notYours = () => new NotFoundError('No session of yours has this booking id')

/**
 * `like` (the host's) and `dismissLike` (the member's), each on a booking the signed-in person
 * is on in that role. Refusals write nothing; repeating one changes nothing more.
 */
export function createLikeActions(deps: LikeActionsDeps) {
  async function current(session: SessionRow): Promise<DashboardActionResult> {
    return resultOf((await deps.sessions.get(session.id)) ?? session)
  }

  return {
    async like(user: SignedInUser, action: ActionOf<'like'>, at: Date): Promise<DashboardActionResult> {
      const host = await deps.directory.findHostByPhone(user.phone)
      if (!host) throw new ForbiddenError('Only the host of a session can like its member.', 'not_a_host')
      const session = await deps.sessions.findByBookingId(action.bookingId)
      if (!session || session.state.hostId !== host.id) throw notYours()
      if (!hasTakenPlace(session.state, at)) throw new UnprocessableError('A member can be liked once the session has taken place.', 'not_held')
      if (await deps.sessions.setHostLike(session.id, action.liked)) deps.requestSync(recordIdOf(session))
      return current(session)
    },

    async dismissLike(user: SignedInUser, action: ActionOf<'dismissLike'>): Promise<DashboardActionResult> {
      const member = await deps.directory.findMemberByPhone(user.phone)
      if (!member) throw new ForbiddenError('Only the member of a session can dismiss its like.', 'not_a_member')
      const session = await deps.sessions.findByBookingId(action.bookingId)
      if (!session || session.state.memberId !== member.id) throw notYours()
      if (session.hostLikedAt === null) throw new UnprocessableError('The host has not liked this session: there is nothing to dismiss.', 'not_liked')
      // The record shows only the like, so a dismissal needs no sync.
      await deps.sessions.dismissHostLike(session.id)
      return current(session)
    },
  }
}
