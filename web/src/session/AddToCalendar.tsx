import { useId } from 'react'
import { INVITE_FILE_NAME } from '../../../shared/calendar/sessionInvite.ts'
import { functionsUrl } from '../config.ts'
import { sessionInviteUrl } from './sessionApi.ts'
import type { SessionLink } from './sessionLink.ts'

/**
 * "Add to calendar": the session as an .ics file, by a plain link the browser downloads (the
 * signed link authorises it, no sign-in). The event keeps its identity, so a file downloaded
 * again after a change updates the same calendar entry.
 */
export function AddToCalendar({ link }: { link: SessionLink }) {
  // One per card on a dashboard: a fixed id would repeat on the page.
  const hintId = useId()
  return (
    <p className="add-to-calendar">
      <a href={sessionInviteUrl(functionsUrl, link)} download={INVITE_FILE_NAME} aria-describedby={hintId}>
        Add to calendar
      </a>{' '}
      <span id={hintId} className="muted">
        (an .ics file with your link to the session page; download it again after a change to update the event)
      </span>
    </p>
  )
}
