import type { Host } from '../../../../../shared/operations/record.ts'
import type { LocalBooking } from './calendarTables.ts'
import { eventTypeIdOf } from './calLinks.ts'

/**
 * The webhooks Cal.com sends, shaped as in fixtures/calcom and Cal.com's documentation: the
 * envelope `{triggerEvent, createdAt, payload}`, the host as organizer, the member as attendee.
 */
export type LocalTrigger = 'BOOKING_CREATED' | 'BOOKING_RESCHEDULED' | 'BOOKING_CANCELLED'

export interface CalcomEnvelope {
  triggerEvent: LocalTrigger
  createdAt: string
  payload: Record<string, unknown>
}

/** Where Cal.com would hold the meeting; never Cal Video, which would make a second Daily room. */
export const LOCAL_LOCATION = 'Presence video room (link from Presence)'

export function sessionTitle(host: Pick<Host, 'name'>, attendeeName: string): string {
  return `Session between ${host.name} and ${attendeeName}`
}

function bookingPayload(booking: LocalBooking, host: Host): Record<string, unknown> {
  const [username = booking.calLink, slug = booking.calLink] = booking.calLink.split('/')
  const language = { locale: 'en' }
  return {
    type: slug,
    title: sessionTitle(host, booking.attendeeName),
    description: '',
    startTime: booking.startTime.toISOString(),
    endTime: booking.endTime.toISOString(),
    organizer: { name: host.name, email: host.email, username, timeZone: host.timeZone, language },
    attendees: [
      { name: booking.attendeeName, email: booking.attendeeEmail, timeZone: booking.attendeeTimeZone, phoneNumber: booking.attendeePhone, language },
    ],
    responses: {
      name: { label: 'your_name', value: booking.attendeeName },
      email: { label: 'email_address', value: booking.attendeeEmail },
      ...(booking.attendeePhone ? { attendeePhoneNumber: { label: 'phone_number', value: booking.attendeePhone } } : {}),
    },
    location: LOCAL_LOCATION,
    eventTypeId: eventTypeIdOf(booking.calLink),
    uid: booking.uid,
    bookingId: booking.id,
  }
}

export function bookingCreated(booking: LocalBooking, host: Host, now: Date): CalcomEnvelope {
  return {
    triggerEvent: 'BOOKING_CREATED',
    createdAt: now.toISOString(),
    payload: { ...bookingPayload(booking, host), metadata: booking.metadata, status: 'ACCEPTED' },
  }
}

/** `uid` is the new booking; `rescheduleUid` and the `reschedule…` times are the old one's. */
export function bookingRescheduled(old: LocalBooking, next: LocalBooking, host: Host, now: Date): CalcomEnvelope {
  return {
    triggerEvent: 'BOOKING_RESCHEDULED',
    createdAt: now.toISOString(),
    payload: {
      ...bookingPayload(next, host),
      metadata: next.metadata,
      status: 'ACCEPTED',
      rescheduleUid: old.uid,
      rescheduleId: old.id,
      rescheduleStartTime: old.startTime.toISOString(),
      rescheduleEndTime: old.endTime.toISOString(),
    },
  }
}

/** Cal.com leaves `metadata` off a cancellation; `cancelledBy` is the email of whoever cancelled. */
export function bookingCancelled(booking: LocalBooking, host: Host, now: Date): CalcomEnvelope {
  return {
    triggerEvent: 'BOOKING_CANCELLED',
    createdAt: now.toISOString(),
    payload: {
      ...bookingPayload(booking, host),
      status: 'CANCELLED',
      cancellationReason: booking.cancellationReason,
      cancelledBy: booking.cancelledBy,
    },
  }
}
