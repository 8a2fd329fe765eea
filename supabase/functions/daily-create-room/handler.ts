import { z } from 'zod'
import { joinWindowState } from '../../../shared/domain/sessionTimes.ts'
import { AppError, BadRequestError, NotFoundError } from '../_shared/errors.ts'
import { withCors } from '../_shared/http/cors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod, requireServiceKey } from '../_shared/http/requestGuards.ts'
import { authorizeSessionLink, linkParamsSchema } from '../_shared/links/authorizeSessionLink.ts'
import type { PipelineDeps } from '../_shared/pipeline/deps.ts'
import { sweepMissingRooms } from '../_shared/pipeline/recover.ts'
import { syncSession } from '../_shared/pipeline/syncSession.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import type { SessionRow } from '../_shared/sessions/sessionRepository.ts'

const serviceRequestSchema = z.union([
  z.object({ bookingId: z.string().min(1).max(255) }).strict(),
  z.object({ sweep: z.literal(true) }).strict(),
])
const linkRequestSchema = linkParamsSchema.extend({ token: z.string().max(200) }).strict()

export interface DailyCreateRoomDeps {
  serviceRoleKey: string
  linkSecret: string
  appUrl: string
  pipeline: PipelineDeps
  log: Logger
  now?: () => Date
}

class NotJoinableError extends AppError {
  constructor(message: string) {
    super(message, 409, 'not_joinable')
  }
}

/**
 * Creates or repairs the room for one booking, or (sweep) for every booked session starting
 * within 15 minutes that has none. Operators and the scheduler call it with the service role
 * key; the session page calls it with its own signed link, for its own session, inside the join
 * window. Provider failures answer 503 and leave the session marked for retry.
 */
export function createDailyCreateRoomHandler(deps: DailyCreateRoomDeps): Handler {
  const now = deps.now ?? (() => new Date())

  async function repair(session: SessionRow): Promise<Response> {
    if (session.state.status !== 'Created') throw new NotJoinableError(`Booking is ${session.state.status}; it gets no room`)
    // Forget what we think the provider has, so the room is made again if it was lost.
    await deps.pipeline.sessions.requestSync(session.id, { forgetRoom: true })
    const result = await syncSession(deps.pipeline, session.id)
    const after = await deps.pipeline.sessions.get(session.id)
    if (result.outcome === 'failed') {
      return json(result.retryable ? 503 : 502, {
        error: result.retryable ? 'provider_unavailable' : 'provider_error',
        message: result.error,
        videoRoomStatus: after?.roomStatus,
      })
    }
    return json(200, { bookingId: after?.bookingUid, videoRoomStatus: after?.roomStatus, videoRoomUrl: after?.roomUrl })
  }

  return withCors(
    withErrorMapping(async (req) => {
      requireMethod(req, 'POST')
      const body = parseJsonBody(await readBodyWithLimit(req, 16 * 1024))
      const fromLink = linkRequestSchema.safeParse(body)
      if (fromLink.success) {
        const at = now()
        const { session } = await authorizeSessionLink(deps.pipeline.sessions, deps.linkSecret, fromLink.data, at)
        const window = joinWindowState({ start: new Date(session.state.start), end: new Date(session.state.end) }, at)
        if (window !== 'open') throw new NotJoinableError('Rooms are prepared from 15 minutes before the session')
        return repair(session)
      }

      requireServiceKey(req, deps.serviceRoleKey)
      const parsed = serviceRequestSchema.safeParse(body)
      if (!parsed.success) {
        throw new BadRequestError('Send {"bookingId": "<Cal.com uid>"} or {"sweep": true}', 400, 'invalid_request')
      }
      if ('sweep' in parsed.data) return json(200, await sweepMissingRooms(deps.pipeline))
      const session = await deps.pipeline.sessions.findByUid(parsed.data.bookingId)
      if (!session) throw new NotFoundError(`No session for booking ${JSON.stringify(parsed.data.bookingId)}`)
      return repair(session)
    }, deps.log),
    deps.appUrl,
    'POST, OPTIONS',
  )
}
