import type { SessionView } from '../../../../shared/sessions/sessionView.ts'
import { SessionSummary } from '../SessionSummary.tsx'

export function PendingScreen({ view }: { view: SessionView }) {
  return (
    <>
      <h1 id="session-heading">Waiting for the host to confirm</h1>
      <p className="notice">
        {view.role === 'host'
          ? 'You have not confirmed this booking yet. Confirm it in Cal.com and this page will let you join when the room opens.'
          : 'Your host has not confirmed this booking yet. Once they do, this link lets you join from 15 minutes before the start.'}
      </p>
      <SessionSummary view={view} />
    </>
  )
}
