import type { Sql } from '../db/connect.ts'
import type { Outbox } from '../outbox/outbox.ts'
import type { RetryPolicy } from '../retry/retryPolicy.ts'
import { roomNameFor, type RoomProvider } from '../rooms/roomProvider.ts'
import type { SessionRepository } from '../sessions/sessionRepository.ts'
import type { JobHandler } from './jobHandler.ts'
import { planRoom } from './roomPlan.ts'
import { recordIdOf, recordSyncJob, sessionIdOf } from './sessionJobs.ts'

export interface SyncRoomJobDeps {
  sql: Sql
  sessions: SessionRepository
  rooms: RoomProvider
  /** The room provider's own policy (Daily's 429s and 5xx, or the local stand-in's). */
  roomsRetry: RetryPolicy
  outbox: Outbox
}

/**
 * `room.sync`: brings the session's room to its booking (create, move, delete), deletes rooms
 * of sessions merged into it, then queues the record so operators see the room. Room names
 * derive from the session id, so a retry can never make a second room.
 */
export function createSyncRoomJob(deps: SyncRoomJobDeps): JobHandler {
  return {
    retry: deps.roomsRetry,
    async run(job) {
      const sessionId = sessionIdOf(job.payload)
      const session = await deps.sessions.get(sessionId)
      // Merged into another session since this was queued: its room must not outlive it.
      if (!session) return deps.rooms.deleteRoom(roomNameFor(sessionId))
      try {
        for (const orphan of await deps.sessions.orphanRooms(session.id)) {
          await deps.rooms.deleteRoom(orphan)
          await deps.sessions.forgetOrphanRoom(orphan)
        }
        const plan = planRoom(session)
        if (plan?.action === 'ensure') {
          const room = await deps.rooms.ensureRoom({ name: session.roomName, nbf: plan.nbf, exp: plan.exp })
          const stillThere = await deps.sessions.recordRoom(session.id, { status: 'Active', url: room.url, nbf: room.nbf, exp: room.exp })
          if (!stillThere) await deps.rooms.deleteRoom(session.roomName)
        } else if (plan) {
          // Cancelled: the room goes. Completed: it is left to expire (it ejects everyone at exp).
          if (plan.action === 'delete') await deps.rooms.deleteRoom(session.roomName)
          await deps.sessions.recordRoom(session.id, { status: 'Ended', url: session.roomUrl, nbf: session.roomNbf, exp: session.roomExp })
        }
      } finally {
        // Whether the room worked or not, the record shows where it stands ("Not Created" in an outage).
        await deps.outbox.enqueue(deps.sql, [recordSyncJob(recordIdOf(session))])
      }
    },
  }
}
