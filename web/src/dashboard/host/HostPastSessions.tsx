import type { Ref } from 'react'
import type { HostDashboard } from '../../../../shared/api/dashboard.ts'
import { PastPager } from '../common/PastPager.tsx'
import type { PastPageControls } from '../common/pastPage.ts'
import { HostPastSession } from './HostPastSession.tsx'

interface HostPastSessionsProps {
  past: HostDashboard['past']
  hostName: string | null
  pages: PastPageControls
  /** The heading takes focus when another page has loaded. */
  headingRef: Ref<HTMLHeadingElement>
  onLikeSaved: (bookingId: string, liked: boolean) => void
}

/** The host's past sessions, newest first, a page at a time. */
export function HostPastSessions({ past, hostName, pages, headingRef, onLikeSaved }: HostPastSessionsProps) {
  return (
    <section className="dashboard-section" aria-labelledby="host-past-heading">
      <h2 id="host-past-heading" ref={headingRef} tabIndex={-1}>
        Past sessions
      </h2>
      {past.items.length === 0 ? (
        <p>{pages.paged ? 'No older sessions.' : 'No past sessions yet. Sessions show here once they are over.'}</p>
      ) : (
        <ol className="session-list">
          {past.items.map((session) => (
            <li key={session.bookingId}>
              <HostPastSession session={session} hostName={hostName} onLikeSaved={(liked) => onLikeSaved(session.bookingId, liked)} />
            </li>
          ))}
        </ol>
      )}
      <PastPager pages={pages} nextCursor={past.nextCursor} />
    </section>
  )
}
