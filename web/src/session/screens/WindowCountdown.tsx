import type { SessionView } from '../../../../shared/sessions/sessionView.ts'
import { formatCountdown } from '../formatTimes.ts'
import type { ServerClock } from '../serverClock.ts'
import { useCountdown } from '../useCountdown.ts'

/** Before the window: time left until it opens, and a Join that waits; `onOpen` fires when it opens. */
export function WindowCountdown({ view, clock, onOpen }: { view: SessionView; clock: ServerClock; onOpen: () => void }) {
  const remaining = useCountdown(view.joinWindow.opensAt, clock, onOpen)
  return (
    <>
      {remaining > 0 ? (
        <p id="join-hint">
          The room opens 15 minutes before the start, in{' '}
          <strong role="timer">
            {formatCountdown(remaining)}
          </strong>
        </p>
      ) : (
        <p id="join-hint" role="status">
          The room is opening…
        </p>
      )}
      <button type="button" className="button" disabled aria-describedby="join-hint">
        Join
      </button>
    </>
  )
}
