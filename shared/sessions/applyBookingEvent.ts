import type { BookingEvent } from '../calcom/payload.ts'
import type { BookingStatus } from '../domain/statuses.ts'
import type { BookingState, EventLinks } from './bookingState.ts'

/**
 * Where a booking becomes a session: folds one Cal.com event into the session's state.
 * Pure and idempotent (applying an event twice changes nothing), and order-tolerant: a
 * cancellation is final whichever arrives first, an event for a uid the session has since
 * been rescheduled away from only fills gaps, and an event older than the newest applied one
 * never overwrites what the newer one said.
 */
export function applyBookingEvent(state: BookingState | null, event: BookingEvent, links: EventLinks): BookingState {
  const facts = factsFrom(event, links)
  if (!state) return withStatus({ ...facts, status: initialStatus(event), lastEventAt: event.createdAt }, event)

  const supersededUid = state.previousBookingIds.includes(event.bookingId)
  const older = event.createdAt !== null && state.lastEventAt !== null && event.createdAt < state.lastEventAt
  if (supersededUid || older) {
    const filled = fillGaps(state, facts)
    // A stale event can still move the session forward to a later uid it has not seen yet,
    // and a stale reschedule still tells us an even older uid belongs to this session.
    if (event.previousBookingId && !supersededUid) return moveToBookingId(filled, event)
    return event.previousBookingId ? withPreviousBookingId(filled, event.previousBookingId) : filled
  }

  let next: BookingState = { ...fillGaps(state, facts), ...overwrite(facts), lastEventAt: latest(state.lastEventAt, event.createdAt) }
  if (event.previousBookingId || event.bookingId !== state.bookingId) next = moveToBookingId(next, event)
  return withStatus(next, event)
}

type Facts = Omit<BookingState, 'status' | 'lastEventAt'>

function factsFrom(event: BookingEvent, links: EventLinks): Facts {
  return {
    bookingId: event.bookingId,
    previousBookingIds: event.previousBookingId && event.previousBookingId !== event.bookingId ? [event.previousBookingId] : [],
    start: event.start,
    end: event.end,
    title: event.title,
    hostName: links.hostName ?? event.organizer.name,
    hostEmail: event.organizer.email,
    hostId: links.hostId,
    memberName: links.memberName ?? event.attendee.name,
    memberEmail: event.attendee.email,
    memberPhone: event.attendee.phone,
    memberId: links.memberId,
    hostTimeZone: event.organizer.timeZone,
    memberTimeZone: event.attendee.timeZone,
    rejectedMemberClaim: links.rejectedMemberClaim,
    cancellationReason: null,
    cancelledBy: null,
    cancelledAt: null,
    rescheduleRequested: false,
  }
}

const GAP_FIELDS = [
  'title',
  'hostName',
  'hostEmail',
  'hostId',
  'memberName',
  'memberEmail',
  'memberPhone',
  'memberId',
  'hostTimeZone',
  'memberTimeZone',
  'rejectedMemberClaim',
] as const

function fillGaps(state: BookingState, facts: Facts): BookingState {
  const next = { ...state }
  // `== null`: states stored before a field existed lack it altogether.
  for (const field of GAP_FIELDS) if (next[field] == null && facts[field] !== null) next[field] = facts[field]
  return next
}

/** Fields a current event may replace; a null from Cal.com never erases what we know. */
function overwrite(facts: Facts): Partial<BookingState> {
  const out: Partial<BookingState> = { start: facts.start, end: facts.end }
  for (const field of GAP_FIELDS) if (facts[field] !== null) (out as Record<string, unknown>)[field] = facts[field]
  return out
}

function moveToBookingId(state: BookingState, event: BookingEvent): BookingState {
  const previous = new Set(state.previousBookingIds)
  if (state.bookingId !== event.bookingId) previous.add(state.bookingId)
  if (event.previousBookingId && event.previousBookingId !== event.bookingId) previous.add(event.previousBookingId)
  previous.delete(event.bookingId)
  return { ...state, bookingId: event.bookingId, previousBookingIds: [...previous], start: event.start, end: event.end }
}

function withPreviousBookingId(state: BookingState, bookingId: string): BookingState {
  if (bookingId === state.bookingId || state.previousBookingIds.includes(bookingId)) return state
  return { ...state, previousBookingIds: [...state.previousBookingIds, bookingId] }
}

/**
 * One session out of two that turned out to be the same booking (events for a new uid arrived
 * before the reschedule that links it to the old one). The newer session's facts win; the older
 * one fills gaps and contributes its uids.
 */
export function mergeSessionStates(newer: BookingState, older: BookingState): BookingState {
  const merged = fillGaps(newer, older)
  const previous = new Set([...newer.previousBookingIds, older.bookingId, ...older.previousBookingIds])
  previous.delete(newer.bookingId)
  return { ...merged, previousBookingIds: [...previous], lastEventAt: latest(newer.lastEventAt, older.lastEventAt) }
}

/** The first cancellation decides who cancelled and when (a repeat of it changes neither). */
function firstCancellation(state: BookingState, by: 'host' | 'member', at: string | null): Pick<BookingState, 'cancelledBy' | 'cancelledAt'> {
  if (state.status === 'Cancelled' && state.cancelledBy) return { cancelledBy: state.cancelledBy, cancelledAt: state.cancelledAt }
  return { cancelledBy: by, cancelledAt: at }
}

/**
 * A host's request to reschedule is a cancellation by the host; otherwise Cal.com's `cancelledBy`
 * says whose account cancelled. When it says nothing, the attendee's own cancel page is the only
 * other way to cancel, so it counts as the member's.
 */
function cancelledByHost(state: BookingState, event: BookingEvent): boolean {
  if (event.requestReschedule) return true
  const by = event.cancelledBy?.trim().toLowerCase()
  return Boolean(by && state.hostEmail && by === state.hostEmail.trim().toLowerCase())
}

function initialStatus(event: BookingEvent): BookingStatus {
  return event.trigger === 'BOOKING_REQUESTED' ? 'Pending' : 'Created'
}

function withStatus(state: BookingState, event: BookingEvent): BookingState {
  switch (event.trigger) {
    case 'BOOKING_CREATED':
      return state.status === 'Pending' ? { ...state, status: 'Created' } : state
    case 'BOOKING_REQUESTED':
      return state
    case 'BOOKING_RESCHEDULED':
      // A host's "request reschedule" cancels the booking; the member's new time revives it.
      if (state.status === 'Cancelled' && state.rescheduleRequested) {
        return { ...state, status: 'Created', cancellationReason: null, cancelledBy: null, cancelledAt: null, rescheduleRequested: false }
      }
      return state.status === 'Pending' ? { ...state, status: 'Created' } : state
    case 'BOOKING_REJECTED':
      if (state.status === 'Completed') return state
      return {
        ...state,
        status: 'Cancelled',
        cancellationReason: event.reason ?? state.cancellationReason ?? 'Rejected by host',
        ...firstCancellation(state, 'host', event.createdAt),
      }
    case 'BOOKING_CANCELLED':
      if (state.status === 'Completed') return state
      return {
        ...state,
        status: 'Cancelled',
        cancellationReason: event.reason ?? state.cancellationReason,
        rescheduleRequested: event.requestReschedule,
        ...firstCancellation(state, cancelledByHost(state, event) ? 'host' : 'member', event.createdAt),
      }
    case 'MEETING_ENDED':
      return state.status === 'Cancelled' ? state : { ...state, status: 'Completed' }
  }
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b
  if (b === null) return a
  return a > b ? a : b
}
