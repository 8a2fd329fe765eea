import type { RoomStatus } from '../../../../shared/domain/statuses.ts'
import { roomClosesAt, roomOpensAt } from '../../../../shared/domain/sessionTimes.ts'
import type { BookingState } from '../../../../shared/sessions/bookingState.ts'
import type { RoomProvider } from '../rooms/roomProvider.ts'
import type { SessionRow } from '../sessions/sessionRepository.ts'

export interface RoomOutcome {
  status: RoomStatus
  url: string | null
  nbf: Date | null
  exp: Date | null
}

/**
 * Where a room is made: brings the provider's room in line with the session. A booked session
 * has a private room open from 15 minutes before the start until just after the end (moved on
 * reschedule); a cancelled one has none; a completed one is left to expire. Returns what the
 * provider now has, or null when nothing needed to change.
 */
export async function syncRoom(rooms: RoomProvider, session: SessionRow, state: BookingState): Promise<RoomOutcome | null> {
  if (state.status === 'Created') {
    const times = { start: new Date(state.start), end: new Date(state.end) }
    const nbf = roomOpensAt(times)
    const exp = roomClosesAt(times)
    const upToDate = session.roomStatus === 'Active' && sameTime(session.roomNbf, nbf) && sameTime(session.roomExp, exp)
    if (upToDate) return null
    const room = await rooms.ensureRoom({ name: session.roomName, nbf, exp })
    return { status: 'Active', url: room.url, nbf: room.nbf, exp: room.exp }
  }
  if (state.status === 'Cancelled' && session.roomStatus === 'Active') {
    await rooms.deleteRoom(session.roomName)
    return { status: 'Ended', url: session.roomUrl, nbf: session.roomNbf, exp: session.roomExp }
  }
  if (state.status === 'Completed' && session.roomStatus === 'Active') {
    return { status: 'Ended', url: session.roomUrl, nbf: session.roomNbf, exp: session.roomExp }
  }
  return null
}

function sameTime(a: Date | null, b: Date): boolean {
  return a !== null && Math.floor(new Date(a).getTime() / 1000) === Math.floor(b.getTime() / 1000)
}
