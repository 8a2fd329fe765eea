/** Cal.com webhook bodies shaped like the real ones (envelope, payload fields, flat MEETING_*). */
export interface BookingFixture {
  uid: string
  start: string
  end: string
  organizerEmail?: string
  organizerName?: string
  attendeeEmail?: string
  attendeeName?: string
  attendeePhone?: string | null
  memberId?: string
  /** The embed's `metadata[sessionId]`: the paid session the booking claims. */
  paidSessionId?: string
  createdAt?: string
}

const defaults = {
  organizerEmail: 'jane@presence.example',
  organizerName: 'Jane Rivers',
  attendeeEmail: 'max@presence.example',
  attendeeName: 'Max Member',
}

export function bookingPayload(b: BookingFixture): Record<string, unknown> {
  return {
    type: 'session',
    title: `Session between ${b.organizerName ?? defaults.organizerName} and ${b.attendeeName ?? defaults.attendeeName}`,
    description: '',
    startTime: b.start,
    endTime: b.end,
    organizer: { id: 7, name: b.organizerName ?? defaults.organizerName, email: b.organizerEmail ?? defaults.organizerEmail, username: 'jane', timeZone: 'Australia/Sydney', language: { locale: 'en' } },
    attendees: [
      { name: b.attendeeName ?? defaults.attendeeName, email: b.attendeeEmail ?? defaults.attendeeEmail, timeZone: 'Australia/Sydney', phoneNumber: b.attendeePhone ?? null, language: { locale: 'en' } },
    ],
    responses: { name: { label: 'your_name', value: b.attendeeName ?? defaults.attendeeName }, email: { label: 'email_address', value: b.attendeeEmail ?? defaults.attendeeEmail } },
    location: 'integrations:zoom',
    eventTypeId: 42,
    uid: b.uid,
    bookingId: 1001,
    metadata: { ...(b.memberId ? { memberId: b.memberId } : {}), ...(b.paidSessionId ? { sessionId: b.paidSessionId } : {}) },
    status: 'ACCEPTED',
  }
}

const envelope = (triggerEvent: string, createdAt: string | undefined, payload: Record<string, unknown>) => ({
  triggerEvent,
  createdAt: createdAt ?? new Date().toISOString(),
  payload,
})

export const calcomEvents = {
  created: (b: BookingFixture) => envelope('BOOKING_CREATED', b.createdAt, bookingPayload(b)),
  requested: (b: BookingFixture) => envelope('BOOKING_REQUESTED', b.createdAt, { ...bookingPayload(b), status: 'PENDING' }),
  rejected: (b: BookingFixture, reason = 'Host unavailable') =>
    envelope('BOOKING_REJECTED', b.createdAt, { ...bookingPayload(b), status: 'REJECTED', rejectionReason: reason }),
  rescheduled: (b: BookingFixture & { previousUid: string; previousStart: string; previousEnd: string }) =>
    envelope('BOOKING_RESCHEDULED', b.createdAt, {
      ...bookingPayload(b),
      rescheduleUid: b.previousUid,
      rescheduleStartTime: b.previousStart,
      rescheduleEndTime: b.previousEnd,
      rescheduleId: 1000,
    }),
  cancelled: (b: BookingFixture, options: { reason?: string; requestReschedule?: boolean; cancelledBy?: string } = {}) => {
    const { metadata: _dropped, ...payload } = bookingPayload(b)
    return envelope('BOOKING_CANCELLED', b.createdAt, {
      ...payload,
      status: 'CANCELLED',
      cancellationReason: options.reason ?? 'Something came up',
      ...(options.requestReschedule ? { requestReschedule: true } : {}),
      ...(options.cancelledBy ? { cancelledBy: options.cancelledBy } : {}),
    })
  },
  /** MEETING_ENDED is flat: the booking's fields sit beside triggerEvent, with no payload. */
  meetingEnded: (b: BookingFixture) => ({ triggerEvent: 'MEETING_ENDED', createdAt: b.createdAt ?? new Date().toISOString(), ...bookingPayload(b) }),
}

/** A session `minutesFromNow` ahead, `length` minutes long. */
export function sessionTimes(minutesFromNow: number, length = 30): { start: string; end: string } {
  const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + minutesFromNow * 60_000)
  return { start: start.toISOString(), end: new Date(start.getTime() + length * 60_000).toISOString() }
}
