import { expect, it } from 'vitest'
import { hostPast } from '../../testing/hostDashboards.ts'
import { manageAvailabilityLink } from './manageAvailabilityLink.ts'
import { attendanceInWords, cancellationInWords, hostShareInWords, paymentFlagInWords, ratingsInWords } from './pastSessionWords.ts'

const sydney = { timeZone: 'Australia/Sydney', locale: 'en-AU' }
/** Intl puts no-break spaces in money and times; the reader sees spaces. */
const spaced = (words: string) => words.replace(/\u00a0|\u202f/g, ' ')

it("sends a host to Cal.com's availability page, or to their booking page on the local stand-in", () => {
  expect(manageAvailabilityLink('https://cal.com/jane-rivers/session', { origin: 'https://app.cal.com', isLocalStandIn: false })).toEqual({
    href: 'https://app.cal.com/availability',
    standIn: false,
  })
  expect(manageAvailabilityLink('/Jane Rivers/session/', { origin: 'http://127.0.0.1:54321/local-cal', isLocalStandIn: true })).toEqual({
    href: 'http://127.0.0.1:54321/local-cal/Jane%20Rivers/session',
    standIn: true,
  })
})

it('says who joined when, in the given zone, and who did not', () => {
  // 23:02 UTC is 10:02 am in Sydney (summer time).
  expect(spaced(attendanceInWords(hostPast({ attendance: { hostJoinedAt: '2026-02-20T23:02:00.000Z', memberJoinedAt: null } }), sydney))).toBe(
    'You joined at 10:02 am · Sam Lee did not join',
  )
  expect(spaced(attendanceInWords(hostPast({ attendance: { hostJoinedAt: null, memberJoinedAt: '2026-02-20T23:04:00.000Z' } }), sydney))).toBe(
    'You did not join · Sam Lee joined at 10:04 am',
  )
})

it("gives both sides' ratings, or that one has none", () => {
  expect(ratingsInWords(hostPast({ ratings: { byMember: { stars: 4, comment: null }, byHost: { stars: 5, comment: 'Lovely' } } }))).toEqual({
    byMember: 'Sam Lee rated it 4 of 5',
    byHost: 'You rated it 5 of 5',
  })
  expect(ratingsInWords(hostPast({ member: { id: null, name: null } }))).toEqual({ byMember: 'Not rated by your member', byHost: 'Not rated by you' })
})

it('names why a session earned nothing, and who cancelled it', () => {
  expect(spaced(hostShareInWords(hostPast({ hostShareCents: 3000, currency: 'AUD' })))).toBe('Your payout: AUD 30.00, due')
  const paid = hostPast({ hostShareCents: 3000, payoutStatus: 'paid', payoutPaidAt: '2026-03-02T02:00:00.000Z' })
  expect(spaced(hostShareInWords(paid, { timeZone: 'Australia/Sydney', locale: 'en-AU' }))).toBe('Your payout: AUD 30.00, paid 2 Mar 2026')
  const unpaid = { hostShareCents: null, currency: null, payoutStatus: null, payoutPaidAt: null }
  // A host no-show: the settlement gave the credit back and made no line.
  expect(hostShareInWords(hostPast({ ...unpaid, attendance: { hostJoinedAt: null, memberJoinedAt: '2026-02-20T23:04:00.000Z' }, creditStatus: 'available' }))).toBe(
    'No payout: you did not join, so the member’s session went back to them',
  )
  expect(hostShareInWords(hostPast({ ...unpaid, creditStatus: 'refunded' }))).toBe('No payout: the payment was refunded')
  expect(hostShareInWords(hostPast({ ...unpaid, creditStatus: null }))).toBe('No payout: not a paid session')
  const flagged = hostPast({ ...unpaid, paymentFlag: 'Attendee Not Member' })
  expect(hostShareInWords(flagged)).toBe('No payout: not paid through Presence')
  expect(paymentFlagInWords(flagged.paymentFlag!)).toBe("Not paid through Presence: the attendee wasn't the member who paid.")
  expect(hostShareInWords(hostPast({ ...unpaid, status: 'Created', creditStatus: 'booked' }))).toBe('Your payout is made once the session has ended and who joined is settled')
  const cancelled = hostPast({ status: 'Cancelled', cancelledBy: 'member', cancellationReason: 'Feeling unwell', hostShareCents: null })
  expect(cancellationInWords(cancelled)).toBe('Cancelled by Sam Lee. Reason: Feeling unwell')
  expect(hostShareInWords(cancelled)).toBe('No payout: the session did not take place')
  expect(cancellationInWords(hostPast())).toBeNull()
})
