import { useCallback, useRef } from 'react'
import { Link } from 'react-router-dom'
import type { MemberDashboard } from '../../../shared/api/dashboard.ts'
import { DashboardProblemNotice } from '../dashboard/common/DashboardProblemNotice.tsx'
import { usePastPage, type PastPageControls } from '../dashboard/common/pastPage.ts'
import { useDashboard, type DashboardState } from '../dashboard/common/useDashboard.ts'
import { fetchMemberDashboard, postDashboardAction } from '../dashboard/dashboardApi.ts'
import { CreditsList } from '../dashboard/member/CreditsList.tsx'
import { HostLikeBanners } from '../dashboard/member/HostLikeBanners.tsx'
import { PastSessions } from '../dashboard/member/PastSessions.tsx'
import { UpcomingSessions } from '../dashboard/member/UpcomingSessions.tsx'

type Ready = Extract<DashboardState<MemberDashboard>, { status: 'ready' }>

function MemberDashboardView({
  ready,
  pages,
  onDismissLike,
  onLikeHidden,
}: {
  ready: Ready
  pages: PastPageControls
  onDismissLike: (bookingId: string) => Promise<void>
  onLikeHidden: () => void
}) {
  const { dashboard, clock } = ready
  const nothingYet = dashboard.upcoming.length === 0 && dashboard.credits.length === 0 && dashboard.past.items.length === 0 && !pages.paged
  return (
    <>
      <HostLikeBanners likes={dashboard.hostLikes} onDismiss={onDismissLike} onHidden={onLikeHidden} />
      {nothingYet && (
        <div className="notice">
          <p>You have no sessions or credits yet.</p>
          <Link className="button" to="/host-selection">
            Choose a host
          </Link>
        </div>
      )}
      <UpcomingSessions sessions={dashboard.upcoming} memberName={dashboard.member.name} clock={clock} />
      <CreditsList credits={dashboard.credits} />
      <PastSessions past={dashboard.past} memberName={dashboard.member.name} pages={pages} shownCursor={ready.page.cursor} updating={ready.updating} />
    </>
  )
}

/** `/dashboard`: the signed-in member's sessions, credits and past sessions (`?before=&perPage=` pages the past ones). */
export default function DashboardPage() {
  const pages = usePastPage()
  const { state, reload, update } = useDashboard(fetchMemberDashboard, pages.page)
  const heading = useRef<HTMLHeadingElement>(null)

  const dismissLike = useCallback(
    async (bookingId: string) => {
      await postDashboardAction({ action: 'dismissLike', bookingId })
      update((dashboard) => ({ ...dashboard, hostLikes: dashboard.hostLikes.filter((like) => like.bookingId !== bookingId) }))
    },
    [update],
  )
  const focusHeading = useCallback(() => heading.current?.focus(), [])

  return (
    <div className="dashboard" aria-busy={state.status === 'loading'}>
      <title>Your sessions · Presence</title>
      <h1 ref={heading} tabIndex={-1}>
        Your sessions
      </h1>
      {state.status === 'loading' ? (
        <p role="status">Loading your sessions…</p>
      ) : state.status === 'failed' ? (
        <DashboardProblemNotice problem={state.problem} role="member" newestHref={pages.newestHref} onRetry={reload} />
      ) : (
        <MemberDashboardView ready={state} pages={pages} onDismissLike={dismissLike} onLikeHidden={focusHeading} />
      )}
    </div>
  )
}
