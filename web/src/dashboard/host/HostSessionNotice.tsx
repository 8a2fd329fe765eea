import type { HostUpcomingSession } from '../../../../shared/api/dashboard.ts'
import { cancellationInWords, paymentFlagInWords } from './pastSessionWords.ts'

type NoticeFields = Pick<HostUpcomingSession, 'status' | 'cancelledBy' | 'cancellationReason' | 'paymentFlag' | 'member'>

/** Why a session is not an ordinary booked one, for its host: who cancelled and why, or why it is not paid through Presence. */
export function HostSessionNotice({ session }: { session: NoticeFields }) {
  const cancellation = cancellationInWords(session)
  if (!cancellation && !session.paymentFlag) return null
  return (
    <div className="session-notice">
      {cancellation && <p>{cancellation}</p>}
      {session.paymentFlag && <p>{paymentFlagInWords(session.paymentFlag)}</p>}
    </div>
  )
}
