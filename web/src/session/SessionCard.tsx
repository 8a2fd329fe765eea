import { useId, type ReactNode } from 'react'
import { Link } from 'react-router-dom'
import type { BookingStatus } from '../../../shared/domain/statuses.ts'
import type { SessionView } from '../../../shared/api/session.ts'
import { describeTimeZone, formatSessionRange, formatSessionStart } from './formatTimes.ts'
import { otherParty } from './SessionSummary.tsx'

/** What a card shows: `role` is the viewer's; with `end`, the card gives the whole time range. */
export type SessionCardSession = Pick<SessionView, 'role' | 'bookingStatus' | 'title' | 'hostName' | 'memberName' | 'start'> & { end?: string }

export const STATUS_LABELS: Record<BookingStatus, string> = {
  Pending: 'Awaiting confirmation',
  Created: 'Booked',
  Cancelled: 'Cancelled',
  Completed: 'Completed',
}

/**
 * One session in a dashboard's list: what, with whom, when (in the viewer's zone), its status,
 * a link to its page when the viewer has one, and what the dashboard adds (`children`).
 */
export function SessionCard({ session, link, children }: { session: SessionCardSession; link?: string | null; children?: ReactNode }) {
  const headingId = useId()
  const withWhom = otherParty(session)
  const title = session.title ?? `Session with ${withWhom}`
  return (
    <article className="session-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {/* Same-origin absolute links (as the server signs them) still navigate inside the SPA. */}
        {link ? <Link to={link}>{title}</Link> : title}
      </h3>
      <p>
        With {withWhom} · {session.role === 'host' ? 'you are hosting' : 'you are the member'}
      </p>
      <p>
        <time dateTime={session.start}>{session.end ? formatSessionRange(session.start, session.end) : formatSessionStart(session.start)}</time>
        <span className="muted"> · {describeTimeZone(session.start, {}, session.end)}</span>
      </p>
      <p className={`status status-${session.bookingStatus.toLowerCase()}`}>{STATUS_LABELS[session.bookingStatus]}</p>
      {children}
    </article>
  )
}
