import type { SessionView } from '../../../../shared/api/session.ts'
import { ROOM_OPENS_BEFORE_START_MS } from '../../../../shared/domain/sessionTimes.ts'
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
          The room opens {ROOM_OPENS_BEFORE_START_MS / 60_000} minutes before the start, in{' '}
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
