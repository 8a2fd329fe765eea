import { z } from 'zod'
import { sessionActionSchema } from '../../../shared/api/sessionRequests.ts'
import { CALENDAR_CONTENT_TYPE } from '../../../shared/calendar/ics.ts'
import { INVITE_FILE_NAME, sessionInvite } from '../../../shared/calendar/sessionInvite.ts'
import { joinWindowState, sessionTimesOf } from '../../../shared/domain/sessionTimes.ts'
import { sessionLinkUrl } from '../../../shared/links/sessionLinks.ts'
import type { Role } from '../../../shared/sessions/sessionView.ts'
import { BadRequestError, ForbiddenError, NotJoinableError } from '../_shared/errors.ts'
import { withCors } from '../_shared/http/cors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod } from '../_shared/http/requestGuards.ts'
import { recordIdOf } from '../_shared/jobs/sessionJobs.ts'
import { authorizeSessionLink } from '../_shared/links/authorizeSessionLink.ts'
import type { RoomProvider } from '../_shared/rooms/roomProvider.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import { buildSessionView } from '../_shared/sessions/buildSessionView.ts'
import { hasTakenPlace } from '../_shared/sessions/heldSession.ts'
import type { SessionRepository, SessionRow } from '../_shared/sessions/sessionRepository.ts'
import type { Directory } from '../_shared/store/directory.ts'

export interface SessionFunctionDeps {
  sessions: SessionRepository
  directory: Directory
  rooms: RoomProvider
  linkSecret: string
  appUrl: string
  cancellationCutoffHours: number
  /** Makes the record show a change (a join, a rating) after the response. */
  /** Queues the sync of the record kept under this id. */
  requestSync: (recordId: string) => void
  log: Logger
  now?: () => Date
}

const METHODS = ['GET', 'POST']
/** What a GET answers: the view (no `format`), or the calendar invite for the link's own role. */
const viewFormatSchema = z.enum(['ics']).optional()
const MAX_BODY_BYTES = 16 * 1024

function windowOf(session: SessionRow, at: Date) {
  return joinWindowState(sessionTimesOf(session.state), at)
}

/**
 * The session page's backend. GET: the view for a valid link (`format=ics`: the invite). POST: `joined` (the video provider
 * reported the join), `rate`, and the host's `like`. A link only ever reaches its own session, in its own role;
 * refusals change nothing.
 */
export function createSessionHandler(deps: SessionFunctionDeps): Handler {
  const now = deps.now ?? (() => new Date())

  async function view(session: SessionRow, role: Role, token: string, at: Date, pageTimeZone: string | undefined): Promise<Response> {
    const link = sessionLinkUrl(deps.appUrl, session.state.bookingId, role, token)
    return json(200, await buildSessionView(deps, session, role, at, link, pageTimeZone), { 'cache-control': 'no-store' })
  }

  function invite(session: SessionRow, role: Role, token: string, at: Date): Response {
    const link = sessionLinkUrl(deps.appUrl, session.state.bookingId, role, token)
    const body = sessionInvite({ sessionId: session.id, stateVersion: session.stateVersion, state: session.state, role, link, now: at })
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': CALENDAR_CONTENT_TYPE,
        'content-disposition': `attachment; filename="${INVITE_FILE_NAME}"`,
        'cache-control': 'no-store',
      },
    })
  }

  const dispatch = {
    async joined(session: SessionRow, role: Role, at: Date) {
      if (session.state.status !== 'Created' || windowOf(session, at) !== 'open') throw new NotJoinableError('This session cannot be joined now')
      if (await deps.sessions.markJoined(session.id, role)) deps.requestSync(recordIdOf(session))
    },
    async rate(session: SessionRow, role: Role, at: Date, stars: number, comment: string | null) {
      if (!hasTakenPlace(session.state, at)) throw new NotJoinableError('A session can be rated once it has taken place')
      await deps.sessions.rate(session.id, role, stars, comment)
      deps.requestSync(recordIdOf(session))
    },
    /** The same like as the host's dashboard gives (`dashboard` POST `like`). */
    async like(session: SessionRow, role: Role, at: Date, liked: boolean) {
      if (role !== 'host') throw new ForbiddenError('Only the host can like the member', 'not_the_host')
      if (!hasTakenPlace(session.state, at)) throw new NotJoinableError('The member can be liked once the session has taken place')
      if (await deps.sessions.setHostLike(session.id, liked)) deps.requestSync(recordIdOf(session))
    },
  }

  return withCors(
    withErrorMapping(async (req) => {
      requireMethod(req, ...METHODS)
      const at = now()
      if (req.method === 'GET') {
        const params = Object.fromEntries(new URL(req.url).searchParams)
        const format = viewFormatSchema.safeParse(params.format)
        if (!format.success) throw new BadRequestError('format, when given, must be ics')
        const { session, role } = await authorizeSessionLink(deps.sessions, deps.linkSecret, params, at)
        return format.data === 'ics' ? invite(session, role, params.token!, at) : view(session, role, params.token!, at, params.timeZone)
      }
      const body = sessionActionSchema.safeParse(parseJsonBody(await readBodyWithLimit(req, MAX_BODY_BYTES)))
      if (!body.success) throw new BadRequestError(`Invalid request:\n${z.prettifyError(body.error)}`)
      const { session, role } = await authorizeSessionLink(deps.sessions, deps.linkSecret, body.data, at)
      if (body.data.action === 'joined') await dispatch.joined(session, role, at)
      else if (body.data.action === 'like') await dispatch.like(session, role, at, body.data.liked)
      else await dispatch.rate(session, role, at, body.data.stars, body.data.comment?.trim() || null)
      const fresh = (await deps.sessions.get(session.id)) ?? session
      return view(fresh, role, body.data.token!, at, body.data.timeZone)
    }, deps.log),
    deps.appUrl,
    [...METHODS, 'OPTIONS'].join(', '),
  )
}
