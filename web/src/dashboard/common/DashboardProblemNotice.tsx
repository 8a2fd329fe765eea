import { Link, useLocation } from 'react-router-dom'
import type { DashboardProblem } from './useDashboard.ts'

/** Where each dashboard lives, so a person on the wrong one is pointed at the other. */
export const DASHBOARD_PATHS = { member: '/dashboard', host: '/host' } as const
export type DashboardRole = keyof typeof DASHBOARD_PATHS

const OTHER_DASHBOARD: Record<DashboardRole, { path: string; label: string }> = {
  member: { path: DASHBOARD_PATHS.host, label: 'Go to the host dashboard' },
  host: { path: DASHBOARD_PATHS.member, label: 'Go to your member dashboard' },
}

/** Why the dashboard is not shown, in words, with the way forward: the other dashboard, the first page, or trying again. */
export function DashboardProblemNotice({
  problem,
  role,
  newestHref,
  onRetry,
}: {
  problem: DashboardProblem
  /** Whose dashboard this page is. */
  role: DashboardRole
  /** The first page of past sessions, for a page link that no longer works. */
  newestHref: string
  onRetry: () => void
}) {
  const { pathname, search } = useLocation()
  switch (problem.kind) {
    case 'wrongRole': {
      const other = OTHER_DASHBOARD[role]
      return (
        <div role="alert" className="notice">
          <p>{problem.message}</p>
          <p className="dashboard-links">
            <Link to={other.path}>{other.label}</Link>
            <Link to={`/sign-in?${new URLSearchParams({ next: pathname + search })}`}>Sign in with another number</Link>
          </p>
        </div>
      )
    }
    case 'badPage':
      return (
        <div role="alert" className="notice">
          <p>{problem.message}</p>
          <Link className="button" to={newestHref}>
            Newest sessions
          </Link>
        </div>
      )
    case 'unavailable':
      return (
        <div role="alert" className="notice">
          <p>We couldn't load your dashboard. {problem.message}</p>
          {problem.retryable && (
            <button type="button" className="button" onClick={onRetry}>
              Try again
            </button>
          )}
        </div>
      )
  }
}
