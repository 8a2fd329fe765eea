import { useCallback, useEffect, useRef, useState } from 'react'
import { useLocation, useNavigate } from 'react-router-dom'
import { FunctionCallError } from '../../api/callFunction.ts'
import { clockFromServerTime, type ServerClock } from '../../session/serverClock.ts'
import type { PastPage } from '../dashboardApi.ts'

/** Why a dashboard cannot be shown. */
export type DashboardProblem =
  /** Signed in, but not as the person this dashboard is for (403 `not_a_member` / `not_a_host`). */
  | { kind: 'wrongRole'; message: string }
  /** The `before` cursor in the URL was refused (altered, or made for someone else). */
  | { kind: 'badPage'; message: string }
  /** No answer, or the server failed; `retryable` when asking again soon may work. */
  | { kind: 'unavailable'; message: string; retryable: boolean }

export type DashboardState<T> =
  | { status: 'loading' }
  /** `page`: the page of past sessions shown; `updating`: another is on its way (this one stays until then). */
  | { status: 'ready'; dashboard: T; clock: ServerClock; page: PastPage; updating: boolean }
  | { status: 'failed'; problem: DashboardProblem }

export interface DashboardControls<T> {
  state: DashboardState<T>
  /** Back to loading and fetch again ("Try again"). */
  reload: () => void
  /** Change what is shown after an action the server confirmed. */
  update: (change: (dashboard: T) => T) => void
}

export type FetchDashboard<T> = (page: PastPage, signal: AbortSignal) => Promise<T>

const signInPath = (next: string) => `/sign-in?${new URLSearchParams({ next })}`

function problemOf(error: unknown): DashboardProblem | 'signIn' {
  if (!(error instanceof FunctionCallError)) return { kind: 'unavailable', message: 'Something went wrong loading your dashboard.', retryable: true }
  if (error.status === 401) return 'signIn'
  if (error.status === 403) return { kind: 'wrongRole', message: error.message }
  if (error.code === 'invalid_cursor') return { kind: 'badPage', message: error.message }
  return { kind: 'unavailable', message: error.message, retryable: error.retryable }
}

/**
 * Loads the signed-in person's dashboard for one page of past sessions, again whenever the page
 * changes; a newer request always wins. Signed out (401), it sends them to sign in and back here.
 */
export function useDashboard<T extends { serverTime: string }>(fetchDashboard: FetchDashboard<T>, page: PastPage): DashboardControls<T> {
  const [state, setState] = useState<DashboardState<T>>({ status: 'loading' })
  const navigate = useNavigate()
  const { pathname, search } = useLocation()
  const here = useRef(pathname + search)
  const fetcher = useRef(fetchDashboard)
  useEffect(() => {
    here.current = pathname + search
    fetcher.current = fetchDashboard
  })
  const inFlight = useRef<AbortController | null>(null)
  const { cursor, limit } = page

  const load = useCallback(
    async (mode: 'loading' | 'updating') => {
      inFlight.current?.abort()
      const controller = new AbortController()
      inFlight.current = controller
      if (mode === 'loading') setState({ status: 'loading' })
      if (mode === 'updating') setState((current) => (current.status === 'ready' ? { ...current, updating: true } : { status: 'loading' }))
      try {
        const dashboard = await fetcher.current({ cursor, limit }, controller.signal)
        if (controller.signal.aborted) return
        setState({ status: 'ready', dashboard, clock: clockFromServerTime(dashboard.serverTime), page: { cursor, limit }, updating: false })
      } catch (error) {
        if (controller.signal.aborted) return
        const problem = problemOf(error)
        if (problem === 'signIn') navigate(signInPath(here.current), { replace: true })
        else setState({ status: 'failed', problem })
      }
    },
    [cursor, limit, navigate],
  )

  useEffect(() => {
    void load('updating')
    return () => inFlight.current?.abort()
  }, [load])

  const reload = useCallback(() => void load('loading'), [load])
  const update = useCallback(
    (change: (dashboard: T) => T) => setState((current) => (current.status === 'ready' ? { ...current, dashboard: change(current.dashboard) } : current)),
    [],
  )
  return { state, reload, update }
}
