import { Link } from 'react-router-dom'
import type { SessionView } from '../../../../shared/api/session.ts'
import { SessionSummary } from '../SessionSummary.tsx'

export function CancelledScreen({ view }: { view: SessionView }) {
  return (
    <>
      <h1 id="session-heading">This session was cancelled</h1>
      <div className="notice">
        <p>{view.cancellationReason ? <>Reason given: “{view.cancellationReason}”</> : 'No reason was given.'}</p>
        {view.role === 'member' && (
          <Link className="button" to="/host-selection">
            Book another session
          </Link>
        )}
      </div>
      <SessionSummary view={view} />
    </>
  )
}
