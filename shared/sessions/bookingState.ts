import type { BookingStatus } from '../domain/statuses.ts'

/** What we know about one session, built up from Cal.com events in whatever order they came. */
export interface BookingState {
  /** The booking's current Cal.com uid (the newest after reschedules). */
  bookingId: string
  /** Uids this session had before reschedules; links carrying them still find it. */
  previousBookingIds: string[]
  status: BookingStatus
  start: string
  end: string
  title: string | null
  hostName: string | null
  hostEmail: string | null
  hostId: string | null
  memberName: string | null
  memberEmail: string | null
  memberPhone: string | null
  memberId: string | null
  /** IANA zones Cal.com reported for each side, for times in their messages. */
  hostTimeZone: string | null
  memberTimeZone: string | null
  /** The embed's memberId when it did not match the attendee: kept for operators, never linked. */
  rejectedMemberClaim: string | null
  cancellationReason: string | null
  /** Who cancelled, for the credit rule: the host (also a rejection or a reschedule request) or the member. */
  cancelledBy: 'host' | 'member' | null
  /** When Cal.com says the cancellation happened (null when it did not say). */
  cancelledAt: string | null
  rescheduleRequested: boolean
  /** Newest Cal.com `createdAt` applied; older events only fill gaps. */
  lastEventAt: string | null
}

/** People resolved from the Hosts and Members tables for one event. */
export interface EventLinks {
  hostId: string | null
  hostName: string | null
  memberId: string | null
  memberName: string | null
  rejectedMemberClaim: string | null
}

export const NO_LINKS: EventLinks = { hostId: null, hostName: null, memberId: null, memberName: null, rejectedMemberClaim: null }
