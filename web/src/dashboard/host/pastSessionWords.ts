import type { HostPastSession, HostUpcomingSession } from '../../../../shared/api/dashboard.ts'
import { formatCents } from '../../../../shared/plans/formatMoney.ts'
import type { ZoneOptions } from '../../session/formatTimes.ts'

/** Past sessions in words, from the host's side. Times in the viewer's zone unless `zone` names one. */

type Rating = HostPastSession['ratings']['byHost']

/** The member's name, or "your member" when the record has none (as the session page says it). */
export function memberNameOf(session: Pick<HostPastSession, 'member'>): string {
  return session.member.name ?? 'your member'
}

const capitalised = (words: string) => words.charAt(0).toUpperCase() + words.slice(1)

function clockTime(at: string, zone: ZoneOptions): string {
  return new Intl.DateTimeFormat(zone.locale, { hour: 'numeric', minute: '2-digit', timeZone: zone.timeZone }).format(new Date(at))
}

/** "You joined at 10:02 am · Sam did not join". */
export function attendanceInWords(session: HostPastSession, zone: ZoneOptions = {}): string {
  const { hostJoinedAt, memberJoinedAt } = session.attendance
  const member = capitalised(memberNameOf(session))
  const you = hostJoinedAt ? `You joined at ${clockTime(hostJoinedAt, zone)}` : 'You did not join'
  const them = memberJoinedAt ? `${member} joined at ${clockTime(memberJoinedAt, zone)}` : `${member} did not join`
  return `${you} · ${them}`
}

function ratingInWords(who: string, rating: Rating): string {
  return rating ? `${capitalised(who)} rated it ${rating.stars} of 5` : `Not rated by ${who}`
}

/** Both sides' ratings: "Sam rated it 4 of 5", "You rated it 5 of 5" or "Not rated by you". */
export function ratingsInWords(session: HostPastSession): { byMember: string; byHost: string } {
  return { byMember: ratingInWords(memberNameOf(session), session.ratings.byMember), byHost: ratingInWords('you', session.ratings.byHost) }
}

/** Who cancelled the session and why; null for one that was not cancelled. */
export function cancellationInWords(session: Pick<HostPastSession, 'status' | 'cancelledBy' | 'cancellationReason' | 'member'>): string | null {
  if (session.status !== 'Cancelled') return null
  const by = session.cancelledBy === 'host' ? ' by you' : session.cancelledBy === 'member' ? ` by ${memberNameOf(session)}` : ''
  return `Cancelled${by}. ${session.cancellationReason ? `Reason: ${session.cancellationReason}` : 'No reason was given.'}`
}

/** A booking that used no paid session earns nothing; the record says why. */
const FLAG_WORDS: Record<NonNullable<HostPastSession['paymentFlag']>, string> = {
  'No Paid Session': 'booked without a paid session',
  'Attendee Not Member': "the attendee wasn't the member who paid",
  'Credit Not Available': 'the paid session was already used',
}

/** Why a booking is not paid through Presence, from its flag. */
export function paymentFlagInWords(flag: NonNullable<HostPastSession['paymentFlag']>): string {
  return `Not paid through Presence: ${FLAG_WORDS[flag]}.`
}

/** "Your share: AUD 30.00", or why there is none (yet). */
export function hostShareInWords(session: HostPastSession, options: ZoneOptions = {}): string {
  if (session.hostShareCents !== null) {
    const amount = formatCents(session.hostShareCents, session.currency ?? undefined)
    return session.payoutStatus === 'paid' && session.payoutPaidAt
      ? `Your payout: ${amount}, paid ${formatDay(session.payoutPaidAt, options)}`
      : `Your payout: ${amount}, due`
  }
  if (session.paymentFlag) return 'No payout: not paid through Presence'
  if (session.status === 'Cancelled' || session.status === 'Pending') return 'No payout: the session did not take place'
  if (session.creditStatus === null) return 'No payout: not a paid session'
  // The settlement gives a host no-show's credit back to the member, and pays no line.
  if (session.creditStatus === 'available') return 'No payout: you did not join, so the member’s session went back to them'
  if (session.creditStatus === 'refunded') return 'No payout: the payment was refunded'
  return 'Your payout is made once the session has ended and who joined is settled'
}

function formatDay(at: string, zone: ZoneOptions): string {
  return new Intl.DateTimeFormat(zone.locale, { dateStyle: 'medium', timeZone: zone.timeZone }).format(new Date(at))
}

/**
 * Whether the host can say they enjoyed meeting the member: a session that was booked, not
 * cancelled or left awaiting the host, whose room has opened (the rule the function applies,
 * hasTakenPlace). Past sessions pass no window: their room has closed.
 */
export function tookPlace(session: Pick<HostPastSession, 'status'> & { joinWindow?: HostUpcomingSession['joinWindow'] }): boolean {
  if (session.joinWindow?.state === 'before') return false
  return session.status === 'Created' || session.status === 'Completed'
}
