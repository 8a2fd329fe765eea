import type { BookingEvent } from '../../../../shared/calcom/payload.ts'
import type { EventLinks } from '../../../../shared/sessions/bookingState.ts'
import type { Member } from '../../../../shared/operations/record.ts'
import type { Directory } from '../store/directory.ts'

/**
 * Who the booking is with. The host comes from the organizer's email in the Hosts table. The
 * member comes from the embed's `metadata.memberId`, which a browser set: it is linked only
 * when that member's email or phone matches the attendee Cal.com actually booked.
 */
export async function linkPeople(directory: Directory, event: BookingEvent): Promise<EventLinks> {
  const [host, member] = await Promise.all([
    event.organizer.email ? directory.findHostByEmail(event.organizer.email) : null,
    event.claimedMemberId ? directory.getMember(event.claimedMemberId) : null,
  ])
  const matches = member !== null && memberMatchesAttendee(member, event.attendee)
  return {
    hostId: host?.id ?? null,
    hostName: host?.name ?? null,
    memberId: matches ? member.id : null,
    memberName: matches ? member.name : null,
    rejectedMemberClaim: event.claimedMemberId && !matches ? event.claimedMemberId : null,
  }
}

export function memberMatchesAttendee(member: Member, attendee: BookingEvent['attendee']): boolean {
  const sameEmail = Boolean(member.email && attendee.email && member.email.trim().toLowerCase() === attendee.email.trim().toLowerCase())
  const memberPhone = digits(member.phone)
  const samePhone = memberPhone.length >= 8 && memberPhone === digits(attendee.phone)
  return sameEmail || samePhone
}

function digits(phone: string | null): string {
  return (phone ?? '').replace(/\D/g, '')
}
