import { useId, useState } from 'react'
import { Link } from 'react-router-dom'
import type { JoinWindowState } from '../../../../shared/domain/sessionTimes.ts'
import { formatCountdown } from '../../session/formatTimes.ts'
import { serverNow, type ServerClock } from '../../session/serverClock.ts'
import { useCountdown } from '../../session/useCountdown.ts'

export interface JoinWindow {
  opensAt: string
  closesAt: string
}

function windowStateAt(window: JoinWindow, now: number): JoinWindowState {
  if (now < Date.parse(window.opensAt)) return 'before'
  return now < Date.parse(window.closesAt) ? 'open' : 'closed'
}

function OpensIn({ window, clock, label, onOpen }: { window: JoinWindow; clock: ServerClock; label: string; onOpen: () => void }) {
  const remaining = useCountdown(window.opensAt, clock, onOpen)
  const hintId = useId()
  return (
    <>
      <button type="button" className="button" disabled aria-describedby={hintId}>
        {label}
      </button>
      <span id={hintId} className="muted">
        opens in <span role="timer">{formatCountdown(remaining)}</span>
      </span>
    </>
  )
}

function JoinLink({ window, clock, label, sessionLink, onClose }: { window: JoinWindow; clock: ServerClock; label: string; sessionLink: string; onClose: () => void }) {
  useCountdown(window.closesAt, clock, onClose)
  return (
    // Same-origin absolute links (as the server signs them) navigate inside the SPA.
    <Link className="button" to={sessionLink}>
      {label}
    </Link>
  )
}

/**
 * The way into one upcoming session, on the server's clock: before the window a disabled Join
 * with a live countdown, which turns into a link to the session page the moment the window opens
 * (announced politely, no reload); nothing once the window has closed.
 */
export function JoinControl({
  joinWindow,
  sessionLink,
  clock,
  label = 'Join',
}: {
  joinWindow: JoinWindow
  /** This viewer's signed link to the session page. */
  sessionLink: string
  clock: ServerClock
  /** "Join" for a member, "Join as host" for the host. */
  label?: string
}) {
  const [state, setState] = useState(() => windowStateAt(joinWindow, serverNow(clock)))
  const [openedWhileShown, setOpenedWhileShown] = useState(false)

  if (state === 'closed') return null
  return (
    <p className="join-control">
      {state === 'before' ? (
        <OpensIn
          window={joinWindow}
          clock={clock}
          label={label}
          onOpen={() => {
            setState('open')
            setOpenedWhileShown(true)
          }}
        />
      ) : (
        <JoinLink window={joinWindow} clock={clock} label={label} sessionLink={sessionLink} onClose={() => setState('closed')} />
      )}
      {/* Present from the start, so the change is announced when the window opens. */}
      <span role="status" className="join-status">
        {openedWhileShown ? 'The room is open: you can join now.' : ''}
      </span>
    </p>
  )
}
