import { useEffect } from 'react'
import type { SessionView } from '../../../../shared/api/session.ts'
import { ROOM_OPENS_BEFORE_START_MS } from '../../../../shared/domain/sessionTimes.ts'
import { AddToCalendar } from '../AddToCalendar.tsx'
import type { SessionLink } from '../sessionLink.ts'
import { SessionSummary } from '../SessionSummary.tsx'

/** How often a waiting page asks whether the host has confirmed. */
export const PENDING_RECHECK_MS = 30_000

/** Awaiting the host's confirmation; checks again by itself, so the page moves on when it comes. */
export function PendingScreen({ view, link, onRecheck }: { view: SessionView; link: SessionLink; onRecheck: () => void }) {
  useEffect(() => {
    const timer = setInterval(onRecheck, PENDING_RECHECK_MS)
    return () => clearInterval(timer)
  }, [onRecheck])

  return (
    <>
      <h1 id="session-heading">Waiting for the host to confirm</h1>
      <p className="notice">
        {view.role === 'host'
          ? 'You have not confirmed this booking yet. Confirm it in Cal.com and this page will let you join when the room opens.'
          : `Your host has not confirmed this booking yet. Once they do, this link lets you join from ${ROOM_OPENS_BEFORE_START_MS / 60_000} minutes before the start.`}
      </p>
      <p className="muted">This page checks for the confirmation by itself.</p>
      <SessionSummary view={view} />
      <AddToCalendar link={link} />
    </>
  )
}
