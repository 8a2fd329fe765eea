/** When a room opens, when it closes, and who may join when. One rule for everyone. */
export const ROOM_OPENS_BEFORE_START_MS = 15 * 60_000
/** Sessions often run a little over; the room stays up this long after the booked end. */
export const ROOM_GRACE_AFTER_END_MS = 10 * 60_000

export interface SessionTimes {
  start: Date
  end: Date
}

/** The times of a session as stored (ISO strings in its state). */
export function sessionTimesOf(state: { start: string; end: string }): SessionTimes {
  return { start: new Date(state.start), end: new Date(state.end) }
}

export function roomOpensAt(times: SessionTimes): Date {
  return new Date(times.start.getTime() - ROOM_OPENS_BEFORE_START_MS)
}

export function roomClosesAt(times: SessionTimes): Date {
  return new Date(times.end.getTime() + ROOM_GRACE_AFTER_END_MS)
}

export const JOIN_WINDOW_STATES = ['before', 'open', 'closed'] as const
export type JoinWindowState = (typeof JOIN_WINDOW_STATES)[number]

export function joinWindowState(times: SessionTimes, now: Date): JoinWindowState {
  if (now < roomOpensAt(times)) return 'before'
  if (now >= roomClosesAt(times)) return 'closed'
  return 'open'
}
