import { z } from 'zod'
import { BadRequestError, NotFoundError } from '../_shared/errors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod, requireServiceKey } from '../_shared/http/requestGuards.ts'
import type { PipelineDeps } from '../_shared/pipeline/deps.ts'
import { sweepMissingRooms } from '../_shared/pipeline/recover.ts'
import { syncSession } from '../_shared/pipeline/syncSession.ts'
import type { Logger } from '../_shared/runtime/logger.ts'

const requestSchema = z.union([
  z.object({ bookingId: z.string().min(1).max(255) }).strict(),
  z.object({ sweep: z.literal(true) }).strict(),
])

export interface DailyCreateRoomDeps {
  serviceRoleKey: string
  pipeline: PipelineDeps
  log: Logger
}

/**
 * Creates or repairs the room for one booking, or (sweep) for every booked session starting
 * within 15 minutes that has none. Provider failures answer 503 and leave the session marked for
 * retry; they never lose the booking.
 */
export function createDailyCreateRoomHandler(deps: DailyCreateRoomDeps): Handler {
  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    requireServiceKey(req, deps.serviceRoleKey)
    const parsed = requestSchema.safeParse(parseJsonBody(await readBodyWithLimit(req, 16 * 1024)))
    if (!parsed.success) throw new BadRequestError('Send {"bookingId": "<Cal.com uid>"} or {"sweep": true}', 400, 'invalid_request')

    if ('sweep' in parsed.data) return json(200, await sweepMissingRooms(deps.pipeline))

    const session = await deps.pipeline.sessions.findByUid(parsed.data.bookingId)
    if (!session) throw new NotFoundError(`No session for booking ${JSON.stringify(parsed.data.bookingId)}`)
    if (session.state.status !== 'Created') {
      return json(409, { error: 'not_booked', message: `Booking is ${session.state.status}; it gets no room`, bookingStatus: session.state.status })
    }
    // Forget what we think the provider has, so the room is made again if it was lost.
    await deps.pipeline.sessions.requestSync(session.id, { forgetRoom: true })
    const result = await syncSession(deps.pipeline, session.id)
    const after = await deps.pipeline.sessions.get(session.id)
    if (result.outcome === 'failed') {
      return json(result.retryable ? 503 : 502, { error: 'room_not_created', message: result.error, videoRoomStatus: after?.roomStatus })
    }
    return json(200, { bookingId: after?.bookingUid, videoRoomStatus: after?.roomStatus, videoRoomUrl: after?.roomUrl })
  }, deps.log)
}
