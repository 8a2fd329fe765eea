import type { Host } from '../../../../../shared/operations/record.ts'
import type { LocalBooking } from './calendarTables.ts'
import { eventTypeIdOf } from './calLinks.ts'
import { SESSION_MINUTES } from './schedule.ts'
import { sessionTitle } from './webhookPayloads.ts'

/** One event the page posts to the parent window, with the data Cal.com's iframe gives it. */
export interface EmbedEvent {
  type: 'bookingSuccessfulV2' | 'bookingSuccessful' | 'rescheduleBookingSuccessfulV2' | 'rescheduleBookingSuccessful' | 'bookingCancelled'
  data: Record<string, unknown>
}

function summary(booking: LocalBooking, host: Host) {
  return {
    uid: booking.uid,
    title: sessionTitle(host, booking.attendeeName),
    startTime: booking.startTime.toISOString(),
    endTime: booking.endTime.toISOString(),
    eventTypeId: eventTypeIdOf(booking.calLink),
    status: booking.status === 'cancelled' ? 'CANCELLED' : 'ACCEPTED',
    paymentRequired: false,
    isRecurring: false,
  }
}

/** The deprecated events' heavier shape, which embeds written for older Cal.com still read. */
function legacy(booking: LocalBooking, host: Host) {
  const { uid, title, startTime, endTime, status, eventTypeId } = summary(booking, host)
  return {
    booking: { uid, title, startTime, endTime, status, metadata: booking.metadata },
    eventType: { id: eventTypeId, slug: booking.calLink.split('/').at(-1), title: 'Session', length: SESSION_MINUTES },
    date: startTime,
    duration: SESSION_MINUTES,
    organizer: { name: host.name, email: host.email, timeZone: host.timeZone },
    confirmed: true,
  }
}

export function bookedEvents(booking: LocalBooking, host: Host): EmbedEvent[] {
  return [
    { type: 'bookingSuccessfulV2', data: summary(booking, host) },
    { type: 'bookingSuccessful', data: legacy(booking, host) },
  ]
}

export function rescheduledEvents(booking: LocalBooking, host: Host): EmbedEvent[] {
  return [
    { type: 'rescheduleBookingSuccessfulV2', data: summary(booking, host) },
    { type: 'rescheduleBookingSuccessful', data: legacy(booking, host) },
  ]
}

export function cancelledEvents(booking: LocalBooking, host: Host): EmbedEvent[] {
  const { booking: about, eventType, organizer } = legacy(booking, host)
  return [{ type: 'bookingCancelled', data: { booking: about, eventType, organizer } }]
}
