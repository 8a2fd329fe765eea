import type { SessionView } from '../../../shared/api/session.ts'

/** Which screen a view calls for, before the viewer does anything. */
export type SessionStage = 'cancelled' | 'pending' | 'ended' | 'before' | 'needs_room' | 'open'

export function sessionStage(view: SessionView): SessionStage {
  if (view.bookingStatus === 'Cancelled') return 'cancelled'
  if (view.bookingStatus === 'Pending') return 'pending'
  if (view.bookingStatus === 'Completed' || view.joinWindow.state === 'closed') return 'ended'
  if (view.joinWindow.state === 'before') return 'before'
  // In the window for a booked session, the server hands out a way in once the room exists.
  return view.join ? 'open' : 'needs_room'
}
