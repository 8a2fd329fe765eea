import { z } from 'zod'
import { joinWindowState } from '../../../shared/domain/sessionTimes.ts'
import { sessionLinkUrl } from '../../../shared/links/sessionLinks.ts'
import type { Role } from '../../../shared/sessions/sessionView.ts'
import { AppError, BadRequestError } from '../_shared/errors.ts'
import { withCors } from '../_shared/http/cors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit } from '../_shared/http/requestGuards.ts'
import { authorizeSessionLink, linkParamsSchema } from '../_shared/links/authorizeSessionLink.ts'
import type { RoomProvider } from '../_shared/rooms/roomProvider.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import { buildSessionView } from '../_shared/sessions/buildSessionView.ts'
import type { SessionRepository, SessionRow } from '../_shared/sessions/sessionRepository.ts'
import type { Directory } from '../_shared/store/directory.ts'

export interface SessionFunctionDeps {
  sessions: SessionRepository
  directory: Directory
  rooms: RoomProvider
  linkSecret: string
  appUrl: string
  /** Makes the record show a change (a join, a rating) after the response. */
  requestSync: (sessionId: string) => void
  log: Logger
  now?: () => Date
}

const actionSchema = z.discriminatedUnion('action', [
  linkParamsSchema.extend({ action: z.literal('joined') }),
  linkParamsSchema.extend({
    action: z.literal('rate'),
    stars: z.number().int().min(1).max(5),
    comment: z.string().max(1000).optional(),
  }),
])

function windowOf(session: SessionRow, at: Date) {
  return joinWindowState({ start: new Date(session.state.start), end: new Date(session.state.end) }, at)
}

class NotJoinableError extends AppError {
  constructor(message: string) {
    super(message, 409, 'not_joinable')
  }
}

/**
 * The session page's backend. GET: the view for a valid link. POST: `joined` (the video provider
 * reported the join) and `rate`. A link only ever reaches its own session, in its own role;
 * refusals change nothing.
 */
export function createSessionHandler(deps: SessionFunctionDeps): Handler {
  const now = deps.now ?? (() => new Date())

  async function view(session: SessionRow, role: Role, token: string, at: Date): Promise<Response> {
    const link = sessionLinkUrl(deps.appUrl, session.state.uid, role, token)
    return json(200, await buildSessionView(deps, session, role, at, link), { 'cache-control': 'no-store' })
  }

  const dispatch = {
    async joined(session: SessionRow, role: Role, at: Date) {
      if (session.state.status !== 'Created' || windowOf(session, at) !== 'open') throw new NotJoinableError('This session cannot be joined now')
      if (await deps.sessions.markJoined(session.id, role)) deps.requestSync(session.id)
    },
    async rate(session: SessionRow, role: Role, at: Date, stars: number, comment: string | null) {
      if (windowOf(session, at) === 'before' || session.state.status === 'Cancelled' || session.state.status === 'Pending') {
        throw new NotJoinableError('A session can be rated once it has taken place')
      }
      await deps.sessions.rate(session.id, role, stars, comment)
      deps.requestSync(session.id)
    },
  }

  return withCors(
    withErrorMapping(async (req) => {
      const at = now()
      if (req.method === 'GET') {
        const params = Object.fromEntries(new URL(req.url).searchParams)
        const { session, role } = await authorizeSessionLink(deps.sessions, deps.linkSecret, params, at)
        return view(session, role, params.token!, at)
      }
      if (req.method !== 'POST') throw new BadRequestError('Use GET or POST', 405, 'method_not_allowed')
      const body = actionSchema.safeParse(parseJsonBody(await readBodyWithLimit(req, 16 * 1024)))
      if (!body.success) {
        throw new BadRequestError(`Invalid request: ${body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 400, 'invalid_request')
      }
      const { session, role } = await authorizeSessionLink(deps.sessions, deps.linkSecret, body.data, at)
      if (body.data.action === 'joined') await dispatch.joined(session, role, at)
      else await dispatch.rate(session, role, at, body.data.stars, body.data.comment?.trim() || null)
      const fresh = (await deps.sessions.get(session.id)) ?? session
      return view(fresh, role, body.data.token!, at)
    }, deps.log),
    deps.appUrl,
  )
}
