import type { HostUpcomingSession } from '../../../../shared/api/dashboard.ts'
import { AddToCalendar } from '../../session/AddToCalendar.tsx'
import { SessionCard } from '../../session/SessionCard.tsx'
import { parseSessionLink } from '../../session/sessionLink.ts'
import type { ServerClock } from '../../session/serverClock.ts'
import { JoinControl } from '../common/JoinControl.tsx'
import { HostSessionNotice } from './HostSessionNotice.tsx'
import { LikeToggle } from './LikeToggle.tsx'
import { memberNameOf, tookPlace } from './pastSessionWords.ts'

/** The link's own values, for its calendar invite (the link a message carried works the same). */
function inviteLinkOf(sessionLink: string) {
  return parseSessionLink(new URL(sessionLink, window.location.href).searchParams)
}

interface UpcomingSessionProps {
  session: HostUpcomingSession
  hostName: string | null
  clock: ServerClock
  onLikeSaved: (bookingId: string, liked: boolean) => void
}

function UpcomingSession({ session, hostName, clock, onLikeSaved }: UpcomingSessionProps) {
  const cancelled = session.status === 'Cancelled'
  const inviteLink = cancelled ? null : inviteLinkOf(session.sessionLink)
  return (
    <SessionCard
      session={{ role: 'host', bookingStatus: session.status, title: session.title, hostName, memberName: memberNameOf(session), start: session.start, end: session.end }}
      link={session.sessionLink}
    >
      <HostSessionNotice session={session} />
      {!cancelled && (
        <>
          <JoinControl joinWindow={session.joinWindow} sessionLink={session.sessionLink} clock={clock} label="Join as host" />
          {inviteLink && <AddToCalendar link={inviteLink} />}
        </>
      )}
      {/* Straight after the call, while the room is still open, is when a host would say so. */}
      {tookPlace(session) && (
        <LikeToggle bookingId={session.bookingId} memberName={memberNameOf(session)} liked={session.likedMember} onSaved={(liked) => onLikeSaved(session.bookingId, liked)} />
      )}
    </SessionCard>
  )
}

/** Sessions not over yet, soonest first, each with the way in and its calendar invite. */
export function HostUpcoming({ upcoming, hostName, clock, onLikeSaved }: Omit<UpcomingSessionProps, 'session'> & { upcoming: HostUpcomingSession[] }) {
  return (
    <section className="dashboard-section" aria-labelledby="host-upcoming-heading">
      <h2 id="host-upcoming-heading">Upcoming</h2>
      {upcoming.length === 0 ? (
        <p>No sessions booked with you yet. Members book them through your calendar below.</p>
      ) : (
        <ol className="session-list">
          {upcoming.map((session) => (
            <li key={session.bookingId}>
              <UpcomingSession session={session} hostName={hostName} clock={clock} onLikeSaved={onLikeSaved} />
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
