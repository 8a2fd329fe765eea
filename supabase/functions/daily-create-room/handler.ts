import { z } from 'zod'
import { joinWindowState, ROOM_OPENS_BEFORE_START_MS, sessionTimesOf } from '../../../shared/domain/sessionTimes.ts'
import type { Sql } from '../_shared/db/connect.ts'
import { BadRequestError, NotFoundError, NotJoinableError } from '../_shared/errors.ts'
import { withCors } from '../_shared/http/cors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod, requireServiceKey } from '../_shared/http/requestGuards.ts'
import { roomSyncJob } from '../_shared/jobs/sessionJobs.ts'
import { authorizeSessionLink, linkParamsSchema } from '../_shared/links/authorizeSessionLink.ts'
import type { JobStatus, Outbox } from '../_shared/outbox/outbox.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import type { SessionRepository, SessionRow } from '../_shared/sessions/sessionRepository.ts'

const serviceRequestSchema = z.union([
  z.object({ bookingId: z.string().min(1).max(255) }).strict(),
  z.object({ sweep: z.literal(true) }).strict(),
])
const linkRequestSchema = linkParamsSchema.extend({ token: z.string().max(200) }).strict()

export interface DailyCreateRoomDeps {
  serviceRoleKey: string
  linkSecret: string
  appUrl: string
  sql: Sql
  sessions: SessionRepository
  outbox: Outbox
  /** Runs one queued job in this request; `busy` when another worker has it. */
  runJobNow: (key: string) => Promise<JobStatus | 'busy'>
  wake: () => void
  log: Logger
  now?: () => Date
}

/** Sessions whose rooms one sweep queues at most; the next sweep (a minute later) takes the rest. */
const SWEEP_LIMIT = 200

/**
 * Creates or repairs the room for one booking, or (sweep) queues rooms for every booked session
 * starting within 15 minutes that has none. Operators and the scheduler call it with the service
 * role key; the session page calls it with its own signed link, for its own session, inside the
 * join window. A repair runs the room job in the request, so the caller learns how it went.
 */
export function createDailyCreateRoomHandler(deps: DailyCreateRoomDeps): Handler {
  const now = deps.now ?? (() => new Date())

  async function repair(session: SessionRow): Promise<Response> {
    if (session.state.status !== 'Created') throw new NotJoinableError(`Booking is ${session.state.status}; it gets no room`)
    // Forget what we think the provider has, so the room is made again if it was lost.
    await deps.sessions.forgetRoom(session.id)
    const job = roomSyncJob(session.id)
    await deps.outbox.enqueue(deps.sql, [job], { due: 'now' })
    const status = await deps.runJobNow(job.key)
    const after = await deps.sessions.get(session.id)
    const room = { bookingId: after?.bookingId ?? session.bookingId, videoRoomStatus: after?.roomStatus, videoRoomUrl: after?.roomUrl ?? null }
    if (status === 'done') {
      deps.wake()
      return json(200, room)
    }
    if (status === 'busy') return json(202, { ...room, status: 'preparing', message: 'Another worker is preparing this room' })
    const failed = await deps.outbox.getByKey(job.key)
    const retrying = status === 'pending'
    return json(retrying ? 503 : 502, {
      ...room,
      error: retrying ? 'provider_unavailable' : 'provider_error',
      message: failed?.lastError ?? 'The room could not be made',
    })
  }

  return withCors(
    withErrorMapping(async (req) => {
      requireMethod(req, 'POST')
      const body = parseJsonBody(await readBodyWithLimit(req, 16 * 1024))
      const fromLink = linkRequestSchema.safeParse(body)
      if (fromLink.success) {
        const at = now()
        const { session } = await authorizeSessionLink(deps.sessions, deps.linkSecret, fromLink.data, at)
        if (joinWindowState(sessionTimesOf(session.state), at) !== 'open') {
          throw new NotJoinableError('Rooms are prepared from 15 minutes before the session')
        }
        return repair(session)
      }

      requireServiceKey(req, deps.serviceRoleKey)
      const parsed = serviceRequestSchema.safeParse(body)
      if (!parsed.success) throw new BadRequestError('Send {"bookingId": "<Cal.com uid>"} or {"sweep": true}')
      if ('sweep' in parsed.data) {
        const ids = await deps.sessions.missingRooms(new Date(now().getTime() + ROOM_OPENS_BEFORE_START_MS), SWEEP_LIMIT)
        await deps.outbox.enqueue(deps.sql, ids.map(roomSyncJob))
        if (ids.length > 0) deps.wake()
        return json(200, { checked: ids.length, queued: ids.length })
      }
      const session = await deps.sessions.findByBookingId(parsed.data.bookingId)
      if (!session) throw new NotFoundError(`No session for booking ${JSON.stringify(parsed.data.bookingId)}`)
      return repair(session)
    }, deps.log),
    deps.appUrl,
    'POST, OPTIONS',
  )
}
