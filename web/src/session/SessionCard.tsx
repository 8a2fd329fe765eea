import { useId } from 'react'
import { Link } from 'react-router-dom'
import type { BookingStatus } from '../../../shared/domain/statuses.ts'
import type { SessionView } from '../../../shared/api/session.ts'
import { describeTimeZone, formatSessionStart } from './formatTimes.ts'
import { otherParty } from './SessionSummary.tsx'

export type SessionCardSession = Pick<SessionView, 'role' | 'bookingStatus' | 'title' | 'hostName' | 'memberName' | 'start'>

const STATUS_LABELS: Record<BookingStatus, string> = {
  Pending: 'Awaiting confirmation',
  Created: 'Booked',
  Cancelled: 'Cancelled',
  Completed: 'Completed',
}

/** One session in a list (dashboards): what, with whom, when, its status, and a link to its page. */
export function SessionCard({ session, link }: { session: SessionCardSession; link: string }) {
  const headingId = useId()
  const withWhom = otherParty(session)
  return (
    <article className="session-card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {/* Same-origin absolute links (as the server signs them) still navigate inside the SPA. */}
        <Link to={link}>{session.title ?? `Session with ${withWhom}`}</Link>
      </h2>
      <p>
        With {withWhom} · {session.role === 'host' ? 'you are hosting' : 'you are the member'}
      </p>
      <p>
        <time dateTime={session.start}>{formatSessionStart(session.start)}</time>
        <span className="muted"> ({describeTimeZone(session.start)})</span>
      </p>
      <p className={`status status-${session.bookingStatus.toLowerCase()}`}>{STATUS_LABELS[session.bookingStatus]}</p>
    </article>
  )
}
