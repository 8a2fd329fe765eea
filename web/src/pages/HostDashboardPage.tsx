import { useCallback } from 'react'
import type { HostDashboard } from '../../../shared/api/dashboard.ts'
import { DashboardProblemNotice } from '../dashboard/common/DashboardProblemNotice.tsx'
import { usePastPage } from '../dashboard/common/pastPage.ts'
import { useDashboard } from '../dashboard/common/useDashboard.ts'
import { usePageChangeFocus } from '../dashboard/common/usePageChangeFocus.ts'
import { fetchHostDashboard } from '../dashboard/dashboardApi.ts'
import { HostAvailability } from '../dashboard/host/HostAvailability.tsx'
import { HostEarnings } from '../dashboard/host/HostEarnings.tsx'
import { HostPastSessions } from '../dashboard/host/HostPastSessions.tsx'
import { HostUpcoming } from '../dashboard/host/HostUpcoming.tsx'

const withLike = (bookingId: string, liked: boolean) => (dashboard: HostDashboard): HostDashboard => {
  const mark = <S extends { bookingId: string; likedMember: boolean }>(session: S): S => (session.bookingId === bookingId ? { ...session, likedMember: liked } : session)
  return { ...dashboard, upcoming: dashboard.upcoming.map(mark), past: { ...dashboard.past, items: dashboard.past.items.map(mark) } }
}

/** `/host`: the signed-in host's sessions, earnings and calendar. */
export default function HostDashboardPage() {
  const pages = usePastPage()
  const { state, reload, update } = useDashboard(fetchHostDashboard, pages.page)
  const pastHeading = usePageChangeFocus<HTMLHeadingElement>(state.status === 'ready' ? state.page.cursor : pages.page.cursor)
  const onLikeSaved = useCallback((bookingId: string, liked: boolean) => update(withLike(bookingId, liked)), [update])

  let body
  if (state.status === 'loading') body = <p role="status">Loading your dashboard…</p>
  else if (state.status === 'failed') body = <DashboardProblemNotice problem={state.problem} role="host" newestHref={pages.newestHref} onRetry={reload} />
  else {
    const { dashboard, clock } = state
    body = (
      <>
        <HostUpcoming upcoming={dashboard.upcoming} hostName={dashboard.host.name} clock={clock} onLikeSaved={onLikeSaved} />
        <HostPastSessions past={dashboard.past} hostName={dashboard.host.name} pages={pages} headingRef={pastHeading} onLikeSaved={onLikeSaved} />
        <HostEarnings earnings={dashboard.earnings} />
        <HostAvailability calLink={dashboard.host.calLink} />
      </>
    )
  }

  return (
    <section className="host-dashboard" aria-labelledby="host-dashboard-heading" aria-busy={state.status === 'ready' && state.updating}>
      <title>Your hosting · Presence</title>
      <h1 id="host-dashboard-heading">Your hosting</h1>
      {body}
    </section>
  )
}
