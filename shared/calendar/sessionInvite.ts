import type { BookingStatus } from '../domain/statuses.ts'
import { ROOM_OPENS_BEFORE_START_MS } from '../domain/sessionTimes.ts'
import type { BookingState } from '../sessions/bookingState.ts'
import type { Role } from '../sessions/sessionView.ts'
import { formatRangeInZone } from '../templates/formatTime.ts'
import type { CalendarEvent, CalendarEventStatus } from './ics.ts'
import { renderCalendar } from './ics.ts'

export const INVITE_FILE_NAME = 'presence-session.ics'

export interface SessionInviteInput {
  /** The Presence session id: unlike the Cal.com uid, it survives reschedules. */
  sessionId: string
  /** Bumped on every change to the session, so it only grows. */
  stateVersion: number
  state: Pick<BookingState, 'status' | 'start' | 'end' | 'hostName' | 'memberName' | 'hostTimeZone' | 'memberTimeZone' | 'cancellationReason'>
  role: Role
  /** The viewer's own signed session link. */
  link: string
  now: Date
}

const STATUS: Record<BookingStatus, CalendarEventStatus> = {
  Pending: 'TENTATIVE',
  Created: 'CONFIRMED',
  Completed: 'CONFIRMED',
  Cancelled: 'CANCELLED',
}

/** The calendar event one participant adds: the other party's name, the viewer's own link and zone. */
export function sessionInviteEvent({ sessionId, stateVersion, state, role, link, now }: SessionInviteInput): CalendarEvent {
  const other = role === 'host' ? (state.memberName ?? 'your member') : (state.hostName ?? 'your host')
  const timeZone = role === 'host' ? state.hostTimeZone : state.memberTimeZone
  const start = new Date(state.start)
  const status = STATUS[state.status]
  const title = `Presence session with ${other}`
  const description =
    status === 'CANCELLED'
      ? [`This session was cancelled.${state.cancellationReason ? ` Reason: ${state.cancellationReason}` : ''}`, `Details: ${link}`]
      : [
          `Your Presence session with ${other}.`,
          // Each end with its own offset when a DST change falls inside the session.
          `When: ${formatRangeInZone(start, new Date(state.end), timeZone)}${timeZone ? ` (${timeZone})` : ''}.`,
          ...(status === 'TENTATIVE' ? ['The host has not confirmed this booking yet.'] : []),
          `Join from ${ROOM_OPENS_BEFORE_START_MS / 60_000} minutes before the start: ${link}`,
        ]
  return {
    uid: `${sessionId}@presence`,
    sequence: stateVersion,
    stamp: now,
    start,
    end: new Date(state.end),
    summary: status === 'CANCELLED' ? `Cancelled: ${title}` : title,
    description: description.join('\n'),
    url: link,
    status,
    timeZone,
  }
}

export function sessionInvite(input: SessionInviteInput): string {
  return renderCalendar(sessionInviteEvent(input))
}
