import type { ReactNode } from 'react'
import type { SessionView } from '../../../../shared/api/session.ts'
import { AddToCalendar } from '../AddToCalendar.tsx'
import type { SessionLink } from '../sessionLink.ts'
import { otherParty, SessionSummary } from '../SessionSummary.tsx'
import { Prompt } from './Prompt.tsx'

/** Before and in the join window: the session, the way in (`children`), and the pre-session prompts. */
export function LobbyScreen({ view, link, children }: { view: SessionView; link: SessionLink; children: ReactNode }) {
  return (
    <>
      <h1 id="session-heading">{view.title ?? `Your session with ${otherParty(view)}`}</h1>
      <SessionSummary view={view} />
      <div className="entry">{children}</div>
      <AddToCalendar link={link} />
      <Prompt heading="Before your session" text={view.prompts.preSession} />
    </>
  )
}
