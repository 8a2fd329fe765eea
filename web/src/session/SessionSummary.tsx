import type { SessionView } from '../../../shared/api/session.ts'
import { cancellationRuleAsOf } from '../booking/bookingTimes.ts'
import { describeTimeZone, formatSessionRange } from './formatTimes.ts'

/** Who is meeting and when, in the viewer's own time zone (named, so nobody guesses). */
export function SessionSummary({ view }: { view: SessionView }) {
  const you = (role: SessionView['role']) => (view.role === role ? ' (you)' : '')
  return (
    <dl className="session-facts">
      <div>
        <dt>Host</dt>
        <dd>
          {view.hostName ?? 'Your host'}
          {you('host')}
        </dd>
      </div>
      <div>
        <dt>Member</dt>
        <dd>
          {view.memberName ?? 'Your member'}
          {you('member')}
        </dd>
      </div>
      <div>
        <dt>When</dt>
        <dd>
          {formatSessionRange(view.start, view.end)}
          <span className="muted"> · Times in {describeTimeZone(view.start, {}, view.end)}</span>
        </dd>
      </div>
      {view.freeCancellationUntil && (
        <div>
          <dt>Cancelling</dt>
          <dd>{cancellationRuleAsOf(view.freeCancellationUntil, new Date(view.serverTime))}</dd>
        </div>
      )}
    </dl>
  )
}

/** The name of the person the viewer is meeting. */
export function otherParty(view: Pick<SessionView, 'role' | 'hostName' | 'memberName'>): string {
  return view.role === 'host' ? (view.memberName ?? 'your member') : (view.hostName ?? 'your host')
}
