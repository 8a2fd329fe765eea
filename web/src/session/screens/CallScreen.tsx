import { useEffect, useRef, useState } from 'react'
import type { SessionJoin } from '../../../../shared/api/session.ts'
import type { CallFrame } from '../call/callFrame.ts'
import { startCall } from '../call/startCall.ts'

type CallStatus = { kind: 'connecting' } | { kind: 'joined' } | { kind: 'failed'; message: string }

/**
 * The embedded call. Joining and leaving are what the provider reports; a new attempt waits
 * for the previous frame to be torn down (Daily allows one call instance per page).
 */
export function CallScreen({ join, onJoined, onLeft }: { join: SessionJoin; onJoined: () => void; onLeft: () => void }) {
  const container = useRef<HTMLDivElement>(null)
  const frame = useRef<CallFrame | null>(null)
  const teardown = useRef<Promise<unknown>>(Promise.resolve())
  const handlers = useRef({ onJoined, onLeft })
  const [attempt, setAttempt] = useState(0)
  const [status, setStatus] = useState<CallStatus>({ kind: 'connecting' })

  useEffect(() => {
    handlers.current = { onJoined, onLeft }
  })

  useEffect(() => {
    const element = container.current
    if (!element) return
    let cancelled = false
    const started = teardown.current.then(() =>
      cancelled
        ? null
        : startCall(element, join, {
            joined: () => {
              setStatus({ kind: 'joined' })
              handlers.current.onJoined()
            },
            left: () => handlers.current.onLeft(),
            failed: (message) => setStatus({ kind: 'failed', message }),
          }),
    )
    started.then(
      (started) => {
        if (!cancelled) frame.current = started
      },
      (error: unknown) => {
        if (!cancelled) setStatus({ kind: 'failed', message: error instanceof Error ? error.message : 'The call could not start.' })
      },
    )
    return () => {
      cancelled = true
      frame.current = null
      teardown.current = started.then((started) => started?.destroy()).catch(() => {})
    }
  }, [join, attempt])

  const retry = () => {
    setStatus({ kind: 'connecting' })
    setAttempt((n) => n + 1)
  }

  return (
    <>
      <h1 id="session-heading" className="visually-hidden">
        Video call
      </h1>
      <div className="call-bar">
        {status.kind === 'failed' ? (
          <div role="alert">
            <p>We couldn't connect you to the call: {status.message}</p>
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
          </div>
        ) : (
          <p role="status">{status.kind === 'connecting' ? 'Connecting to your room…' : 'You are in the call.'}</p>
        )}
        <button type="button" className="button secondary" onClick={() => (frame.current ? frame.current.leave() : onLeft())}>
          Leave call
        </button>
      </div>
      <div ref={container} className="call-stage" />
    </>
  )
}
