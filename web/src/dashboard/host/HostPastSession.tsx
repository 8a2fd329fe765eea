import type { HostPastSession as PastSession } from '../../../../shared/api/dashboard.ts'
import { SessionCard } from '../../session/SessionCard.tsx'
import { HostSessionNotice } from './HostSessionNotice.tsx'
import { LikeToggle } from './LikeToggle.tsx'
import { attendanceInWords, hostShareInWords, memberNameOf, ratingsInWords, tookPlace } from './pastSessionWords.ts'

function RatingLine({ words, comment }: { words: string; comment: string | null | undefined }) {
  return (
    <li>
      {words}
      {comment && <q className="rating-comment">{comment}</q>}
    </li>
  )
}

interface HostPastSessionProps {
  session: PastSession
  hostName: string | null
  onLikeSaved: (liked: boolean) => void
}

/** One past session from the host's side: what happened, both ratings, the host's share, and the like. */
export function HostPastSession({ session, hostName, onLikeSaved }: HostPastSessionProps) {
  const member = memberNameOf(session)
  const ratings = ratingsInWords(session)
  const held = tookPlace(session)
  return (
    <SessionCard
      session={{ role: 'host', bookingStatus: session.status, title: session.title, hostName, memberName: member, start: session.start, end: session.end }}
    >
      <HostSessionNotice session={session} />
      {held && (
        <>
          <p>{attendanceInWords(session)}</p>
          <ul className="ratings">
            <RatingLine words={ratings.byMember} comment={session.ratings.byMember?.comment} />
            <RatingLine words={ratings.byHost} comment={session.ratings.byHost?.comment} />
          </ul>
        </>
      )}
      <p>{hostShareInWords(session)}</p>
      {held && <LikeToggle bookingId={session.bookingId} memberName={member} liked={session.likedMember} onSaved={onLikeSaved} />}
    </SessionCard>
  )
}
