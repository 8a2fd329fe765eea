import { useId } from 'react'
import type { MemberUpcomingSession } from '../../../../shared/api/dashboard.ts'
import { AddToCalendar } from '../../session/AddToCalendar.tsx'
import { SessionCard } from '../../session/SessionCard.tsx'
import type { ServerClock } from '../../session/serverClock.ts'
import { parseSessionLink } from '../../session/sessionLink.ts'
import { JoinControl } from '../common/JoinControl.tsx'
import { BookingChanges } from './BookingChanges.tsx'
import { SessionNotice } from './SessionNotice.tsx'

function UpcomingCard({ session, memberName, clock }: { session: MemberUpcomingSession; memberName: string | null; clock: ServerClock }) {
  const link = parseSessionLink(new URL(session.sessionLink, window.location.origin).searchParams)
  const cancelled = session.status === 'Cancelled'
  return (
    <SessionCard
      session={{ role: 'member', bookingStatus: session.status, title: session.title, hostName: session.host.name, memberName, start: session.start, end: session.end }}
      link={session.sessionLink}
    >
      <SessionNotice session={session} />
      {session.status === 'Created' && <JoinControl joinWindow={session.joinWindow} sessionLink={session.sessionLink} clock={clock} />}
      {!cancelled && link && <AddToCalendar link={link} />}
      {session.calcom && <BookingChanges calcom={session.calcom} start={session.start} freeCancellationUntil={session.freeCancellationUntil} clock={clock} />}
    </SessionCard>
  )
}

/** Sessions not over yet, soonest first (as the server orders them). */
export function UpcomingSessions({ sessions, memberName, clock }: { sessions: MemberUpcomingSession[]; memberName: string | null; clock: ServerClock }) {
  const headingId = useId()
  return (
    <section aria-labelledby={headingId} className="dashboard-section">
      <h2 id={headingId}>Upcoming</h2>
      {sessions.length === 0 ? (
        <p>No upcoming sessions.</p>
      ) : (
        <ul className="session-list">
          {sessions.map((session) => (
            <li key={session.bookingId}>
              <UpcomingCard session={session} memberName={memberName} clock={clock} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
