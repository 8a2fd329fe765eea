import { useId } from 'react'
import { Link } from 'react-router-dom'
import type { MemberDashboard, MemberPastSession } from '../../../../shared/api/dashboard.ts'
import { plansPath } from '../../plans/plansPath.ts'
import { SessionCard } from '../../session/SessionCard.tsx'
import { PastPager } from '../common/PastPager.tsx'
import type { PastPageControls } from '../common/pastPage.ts'
import { usePageChangeFocus } from '../common/usePageChangeFocus.ts'
import { SessionNotice } from './SessionNotice.tsx'

function PastCard({ session, memberName }: { session: MemberPastSession; memberName: string | null }) {
  const host = session.host.name ?? 'your host'
  return (
    <SessionCard session={{ role: 'member', bookingStatus: session.status, title: session.title, hostName: session.host.name, memberName, start: session.start, end: session.end }}>
      <SessionNotice session={session} />
      <p>{session.rating ? `You rated it ${session.rating.stars} of 5` : 'Not rated'}</p>
      {session.host.id && <Link to={plansPath({ hostId: session.host.id })}>Rebook with {host}</Link>}
    </SessionCard>
  )
}

/** One page of past sessions, newest first, with the controls to page through them. */
export function PastSessions({
  past,
  memberName,
  pages,
  shownCursor,
  updating,
}: {
  past: MemberDashboard['past']
  memberName: string | null
  pages: PastPageControls
  /** The cursor of the page on screen. */
  shownCursor: string | undefined
  updating: boolean
}) {
  const headingId = useId()
  const heading = usePageChangeFocus<HTMLHeadingElement>(shownCursor)
  return (
    <section aria-labelledby={headingId} aria-busy={updating} className="dashboard-section">
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        Past sessions
      </h2>
      {past.items.length === 0 ? (
        <p>{pages.paged ? 'No older sessions.' : 'No past sessions yet.'}</p>
      ) : (
        <ul className="session-list">
          {past.items.map((session) => (
            <li key={session.bookingId}>
              <PastCard session={session} memberName={memberName} />
            </li>
          ))}
        </ul>
      )}
      {(past.items.length > 0 || pages.paged) && <PastPager pages={pages} nextCursor={past.nextCursor} />}
    </section>
  )
}
