import { useId } from 'react'
import type { HostPastSession as PastSession } from '../../../../shared/api/dashboard.ts'
import { describeTimeZone, formatSessionStart } from '../../session/formatTimes.ts'
import { LikeToggle } from './LikeToggle.tsx'
import { attendanceInWords, hostShareInWords, memberNameOf, pastStatusInWords, ratingsInWords, tookPlace } from './pastSessionWords.ts'

function RatingLine({ words, comment }: { words: string; comment: string | null | undefined }) {
  return (
    <li>
      {words}
      {comment && <q className="rating-comment">{comment}</q>}
    </li>
  )
}

/** One past session from the host's side: who, when, what happened, both ratings and the host's share. */
export function HostPastSession({ session, onLikeSaved }: { session: PastSession; onLikeSaved: (liked: boolean) => void }) {
  const headingId = useId()
  const member = memberNameOf(session)
  const ratings = ratingsInWords(session)
  return (
    <article className="session-card past-session" aria-labelledby={headingId}>
      <h3 id={headingId}>{session.title ?? `Session with ${member}`}</h3>
      <p>
        With {member} ·{' '}
        <time dateTime={session.start}>{formatSessionStart(session.start)}</time>
        <span className="muted"> ({describeTimeZone(session.start)})</span>
      </p>
      <p className={`status status-${session.status.toLowerCase()}`}>{pastStatusInWords(session)}</p>
      {tookPlace(session) && (
        <>
          <p>{attendanceInWords(session)}</p>
          <ul className="ratings">
            <RatingLine words={ratings.byMember} comment={session.ratings.byMember?.comment} />
            <RatingLine words={ratings.byHost} comment={session.ratings.byHost?.comment} />
          </ul>
        </>
      )}
      <p>{hostShareInWords(session)}</p>
      {tookPlace(session) && <LikeToggle bookingId={session.bookingId} memberName={member} liked={session.likedMember} onSaved={onLikeSaved} />}
    </article>
  )
}
