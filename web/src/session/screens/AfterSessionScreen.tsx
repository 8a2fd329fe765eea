import { useEffect, useRef } from 'react'
import { Link } from 'react-router-dom'
import type { SessionView } from '../../../../shared/api/session.ts'
import type { SessionLink } from '../sessionLink.ts'
import { SessionSummary } from '../SessionSummary.tsx'
import { Prompt } from './Prompt.tsx'
import { RatingForm } from './RatingForm.tsx'

interface AfterSessionProps {
  view: SessionView
  link: SessionLink
  /** `left`: the viewer just left the call; `ended`: they opened the link after the session. */
  reason: 'left' | 'ended'
  onRated: (view: SessionView) => void
  /** Offered while the room is still open, for whoever left by mistake. */
  onRejoin?: () => void
}

/** After the call: the reflection prompts, a rating (or thanks for it), and the way to book again. */
export function AfterSessionScreen({ view, link, reason, onRated, onRejoin }: AfterSessionProps) {
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    // The call frame that had focus is gone: start the reader at the top of what replaced it.
    if (reason === 'left') heading.current?.focus()
  }, [reason])

  return (
    <>
      <h1 id="session-heading" ref={heading} tabIndex={-1}>
        {reason === 'left' ? 'You have left the call' : 'This session has ended'}
      </h1>
      <SessionSummary view={view} />
      <Prompt heading="Reflect on your session" text={view.prompts.postSession} />
      {view.rating ? (
        <p role="status" className="notice">
          Thank you for your rating: {view.rating.stars} out of 5.
        </p>
      ) : (
        <RatingForm link={link} onRated={onRated} />
      )}
      <div className="actions">
        {onRejoin && (
          <button type="button" className="button secondary" onClick={onRejoin}>
            Rejoin the call
          </button>
        )}
        {/* Hosts do not book hosts: only members are offered another session. */}
        {view.role === 'member' && (
          <Link className="button" to="/host-selection">
            Rebook
          </Link>
        )}
      </div>
    </>
  )
}
