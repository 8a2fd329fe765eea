import { roomClosesAt, roomOpensAt, sessionTimesOf } from '../../../../shared/domain/sessionTimes.ts'
import type { SessionRow } from '../sessions/sessionRepository.ts'

/** What the room provider must do for a session to match its booking, if anything. */
export type RoomPlan = { action: 'ensure'; nbf: Date; exp: Date } | { action: 'delete' } | { action: 'end' } | null

/**
 * A booked session has a private room open from 15 minutes before until 10 after, moved when
 * the booking moves; a cancelled one has none; a completed one keeps its room until it expires.
 * Requested (Pending) bookings get no room until the host confirms.
 */
export function planRoom(session: Pick<SessionRow, 'state' | 'roomStatus' | 'roomNbf' | 'roomExp'>): RoomPlan {
  const { state } = session
  if (state.status === 'Created') {
    const times = sessionTimesOf(state)
    const nbf = roomOpensAt(times)
    const exp = roomClosesAt(times)
    const upToDate = session.roomStatus === 'Active' && sameSecond(session.roomNbf, nbf) && sameSecond(session.roomExp, exp)
    return upToDate ? null : { action: 'ensure', nbf, exp }
  }
  if (state.status === 'Cancelled' && session.roomStatus === 'Active') return { action: 'delete' }
  if (state.status === 'Completed' && session.roomStatus === 'Active') return { action: 'end' }
  return null
}

function sameSecond(a: Date | null, b: Date): boolean {
  return a !== null && Math.floor(new Date(a).getTime() / 1000) === Math.floor(b.getTime() / 1000)
}
