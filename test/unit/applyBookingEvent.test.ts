import { describe, expect, it } from 'vitest'
import { parseCalcomDelivery, type BookingEvent } from '../../shared/calcom/payload.ts'
import { applyBookingEvent } from '../../shared/sessions/applyBookingEvent.ts'
import { NO_LINKS, type BookingState } from '../../shared/sessions/bookingState.ts'
import { calcomEvents } from '../support/calcomEvents.ts'

const times = { start: '2030-01-01T10:00:00.000Z', end: '2030-01-01T10:30:00.000Z' }
const later = { start: '2030-01-05T10:00:00.000Z', end: '2030-01-05T10:30:00.000Z' }

function event(body: unknown): BookingEvent {
  const parsed = parseCalcomDelivery(body)
  if (parsed.kind !== 'event') throw new Error(`not an event: ${JSON.stringify(parsed)}`)
  return parsed.event
}
const fold = (events: BookingEvent[]) => events.reduce<BookingState | null>((state, e) => applyBookingEvent(state, e, NO_LINKS), null)!

const created = event(calcomEvents.created({ uid: 'A', ...times, createdAt: '2026-01-01T00:00:00Z' }))
const cancelled = event(calcomEvents.cancelled({ uid: 'A', ...times, createdAt: '2026-01-01T01:00:00Z' }, { reason: 'Ill' }))
const rescheduled = event(
  calcomEvents.rescheduled({ uid: 'B', ...later, previousUid: 'A', previousStart: times.start, previousEnd: times.end, createdAt: '2026-01-01T02:00:00Z' }),
)
const ended = event(calcomEvents.meetingEnded({ uid: 'A', ...times, createdAt: '2026-01-01T03:00:00Z' }))

describe('applyBookingEvent: where a booking becomes a session', () => {
  it('is idempotent: applying an event twice changes nothing', () => {
    const once = fold([created, rescheduled])
    expect(applyBookingEvent(once, rescheduled, NO_LINKS)).toEqual(once)
    expect(applyBookingEvent(once, created, NO_LINKS)).toEqual(once)
  })

  it('ends Cancelled whichever of create and cancel comes first', () => {
    expect(fold([created, cancelled])).toMatchObject({ status: 'Cancelled', cancellationReason: 'Ill' })
    expect(fold([cancelled, created])).toMatchObject({ status: 'Cancelled', cancellationReason: 'Ill' })
  })

  it('ends on the new uid and time whichever of create and reschedule comes first', () => {
    const inOrder = fold([created, rescheduled])
    const reversed = fold([rescheduled, created])
    for (const state of [inOrder, reversed]) expect(state).toMatchObject({ bookingId: 'B', previousBookingIds: ['A'], start: later.start, status: 'Created' })
  })

  it('a host request to reschedule cancels, and the member picking a new time revives the session', () => {
    const request = event(calcomEvents.cancelled({ uid: 'A', ...times, createdAt: '2026-01-01T01:00:00Z' }, { requestReschedule: true }))
    const afterRequest = fold([created, request])
    expect(afterRequest).toMatchObject({ status: 'Cancelled', rescheduleRequested: true })
    expect(applyBookingEvent(afterRequest, rescheduled, NO_LINKS)).toMatchObject({ status: 'Created', bookingId: 'B', rescheduleRequested: false, cancellationReason: null })
  })

  it('a completed session stays completed; a cancelled one never completes', () => {
    expect(fold([created, ended, cancelled])).toMatchObject({ status: 'Completed' })
    expect(fold([created, cancelled, ended])).toMatchObject({ status: 'Cancelled' })
  })

  it('a requested booking is Pending until created', () => {
    const requested = event(calcomEvents.requested({ uid: 'A', ...times, createdAt: '2025-12-31T00:00:00Z' }))
    expect(fold([requested])).toMatchObject({ status: 'Pending' })
    expect(fold([requested, created])).toMatchObject({ status: 'Created' })
  })

  it('an older event fills gaps but never overwrites newer facts', () => {
    const newer = event(calcomEvents.created({ uid: 'A', ...times, attendeeName: 'New Name', createdAt: '2026-01-02T00:00:00Z' }))
    const older = event(calcomEvents.created({ uid: 'A', ...times, attendeeName: 'Old Name', createdAt: '2026-01-01T00:00:00Z' }))
    expect(fold([newer, older]).memberName).toBe('New Name')
    expect(fold([older, newer]).memberName).toBe('New Name')
  })
})

describe('parseCalcomDelivery', () => {
  it('reads the flat MEETING_ENDED envelope', () => {
    expect(ended).toMatchObject({ trigger: 'MEETING_ENDED', bookingId: 'A', start: times.start })
  })

  it('reads metadata.memberId as a claim and the phone from the attendee', () => {
    const e = event(calcomEvents.created({ uid: 'A', ...times, memberId: 'rec123', attendeePhone: '+61400000001' }))
    expect(e).toMatchObject({ claimedMemberId: 'rec123', attendee: { phone: '+61400000001' } })
  })

  it('takes the old uid of a reschedule from rescheduleUid', () => {
    expect(rescheduled).toMatchObject({ bookingId: 'B', previousBookingId: 'A' })
  })

  it('keeps any uid characters exactly', () => {
    const uid = `a'b"c\\d}e{f\ng`
    expect(event(calcomEvents.created({ uid, ...times })).bookingId).toBe(uid)
  })

  it.each([
    [{ payload: {} }, /triggerEvent/],
    [{ triggerEvent: 'BOOKING_CREATED' }, /at payload$/],
    [{ triggerEvent: 'BOOKING_CREATED', payload: { uid: 'x'.repeat(256), startTime: times.start, endTime: times.end } }, /longer than 255 .*at payload\.uid/],
    [{ triggerEvent: 'BOOKING_CREATED', payload: { uid: 'x', startTime: 'tomorrow', endTime: times.end } }, /payload.startTime/],
  ])('names what is wrong in an invalid delivery (%#)', (body, reason) => {
    const parsed = parseCalcomDelivery(body)
    expect(parsed.kind).toBe('invalid')
    expect(parsed.kind === 'invalid' && parsed.reason).toMatch(reason)
  })
})
