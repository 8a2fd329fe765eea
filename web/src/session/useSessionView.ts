import { useCallback, useEffect, useRef, useState } from 'react'
import type { SessionView } from '../../../shared/api/session.ts'
import { functionsUrl } from '../config.ts'
import { clockFromServerTime, type ServerClock } from './serverClock.ts'
import { FunctionCallError } from '../api/callFunction.ts'
import { fetchSessionView } from './sessionApi.ts'
import type { SessionLink } from './sessionLink.ts'

/** Link problems the server named: each has its own screen, and asking again will not help. */
export type RefusalCode = 'invalid_request' | 'invalid_link' | 'link_expired' | 'not_found'
const REFUSALS: readonly string[] = ['invalid_request', 'invalid_link', 'link_expired', 'not_found'] satisfies RefusalCode[]

export type SessionState =
  | { status: 'loading' }
  | { status: 'ready'; view: SessionView; clock: ServerClock }
  | { status: 'refused'; code: RefusalCode }
  /** No answer, a server error or a malformed answer: worth trying again. */
  | { status: 'unavailable' }

export interface SessionViewControls {
  state: SessionState
  /** Back to the loading screen and fetch again ("Try again"). */
  reload: () => void
  /** Fetch again behind the current screen; resolves with the new view, or null if that failed. */
  refresh: () => Promise<SessionView | null>
  /** Show a view the server answered to an action. */
  show: (view: SessionView) => void
}

function ready(view: SessionView): SessionState {
  return { status: 'ready', view, clock: clockFromServerTime(view.serverTime) }
}

function failed(error: unknown): SessionState {
  if (error instanceof FunctionCallError && REFUSALS.includes(error.code)) return { status: 'refused', code: error.code as RefusalCode }
  return { status: 'unavailable' }
}

/** Loads the session view for a link; a newer request always wins over an older one. */
export function useSessionView(link: SessionLink): SessionViewControls {
  const [state, setState] = useState<SessionState>({ status: 'loading' })
  const inFlight = useRef<AbortController | null>(null)

  const load = useCallback(
    async (quiet: boolean): Promise<SessionView | null> => {
      inFlight.current?.abort()
      const controller = new AbortController()
      inFlight.current = controller
      if (!quiet) setState({ status: 'loading' })
      try {
        const view = await fetchSessionView(functionsUrl, link, controller.signal)
        if (controller.signal.aborted) return null
        setState(ready(view))
        return view
      } catch (error) {
        if (!controller.signal.aborted) setState(failed(error))
        return null
      }
    },
    [link],
  )

  useEffect(() => {
    void load(false)
    return () => inFlight.current?.abort()
  }, [load])

  const reload = useCallback(() => void load(false), [load])
  const refresh = useCallback(() => load(true), [load])
  const show = useCallback((view: SessionView) => setState(ready(view)), [])
  return { state, reload, refresh, show }
}
