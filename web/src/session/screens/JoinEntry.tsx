import type { SessionView } from '../../../../shared/api/session.ts'
import type { ServerClock } from '../serverClock.ts'
import { useCountdown } from '../useCountdown.ts'

/** In the window, with a room: Join. `onClose` fires when the window closes while the viewer waits. */
export function JoinEntry({ view, clock, onJoin, onClose }: { view: SessionView; clock: ServerClock; onJoin: () => void; onClose: () => void }) {
  useCountdown(view.joinWindow.closesAt, clock, onClose)
  return (
    <>
      <p id="join-hint">The room is open. Your camera and microphone are asked for when you join.</p>
      <button type="button" className="button" onClick={onJoin} aria-describedby="join-hint">
        Join
      </button>
    </>
  )
}
