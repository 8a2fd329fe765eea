import type { MemberPastSession } from '../../../../shared/api/dashboard.ts'
import type { BookingPaymentFlag } from '../../../../shared/domain/statuses.ts'

/** What each flag means for the member: the booking stands, but no paid session pays for it. */
export const PAYMENT_FLAG_MEANINGS: Record<BookingPaymentFlag, string> = {
  'No Paid Session':
    'This booking was made on Cal.com without one of your Presence sessions, so it uses none of your credits and is not paid through Presence.',
  'Attendee Not Member':
    'This booking is in another person’s name or contact details, so it could not use your credit: it uses none and is not paid through Presence.',
  'Credit Not Available':
    'The session credit this booking named was no longer yours to use (already used, refunded or for another host), so it uses none and is not paid through Presence.',
}

type NoticeFields = Pick<MemberPastSession, 'status' | 'cancellationReason' | 'cancelledBy' | 'paymentFlag' | 'host'>

function cancelledText({ cancelledBy, cancellationReason, host }: NoticeFields): string {
  const who = cancelledBy === 'member' ? ' by you' : cancelledBy === 'host' ? ` by ${host.name ?? 'your host'}` : ''
  return `Cancelled${who}. ${cancellationReason ? `Reason: ${cancellationReason}` : 'No reason was given.'}`
}

/** Why a session is not an ordinary booked one, in words: who cancelled it and why, or what its flag means. */
export function SessionNotice({ session }: { session: NoticeFields }) {
  if (session.status !== 'Cancelled' && !session.paymentFlag) return null
  return (
    <div className="session-notice">
      {session.status === 'Cancelled' && <p>{cancelledText(session)}</p>}
      {session.paymentFlag && <p>{PAYMENT_FLAG_MEANINGS[session.paymentFlag]}</p>}
    </div>
  )
}
