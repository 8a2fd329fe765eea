import type { HostDashboard, HostEarnings, HostUpcomingSession } from '../../../shared/api/dashboard.ts'
import type { Host } from '../../../shared/operations/record.ts'
import { paged, upcomingView, type DashboardContext, type PageRequest } from './views.ts'
import { jsonRows, ratingOf, sessionFieldsOf, sessionListColumns, sessionListsOf, type HostSessionRow, type SessionListsJson } from './sessionRows.ts'

const memberOf = (row: HostSessionRow) => ({ id: row.state.memberId, name: row.state.memberName })

/** The host's sessions and earnings, in one statement. */
async function hostRows(ctx: DashboardContext, host: Host, page: PageRequest) {
  const { sql } = ctx
  const [row] = await sql<(SessionListsJson<HostSessionRow> & { earnings: HostEarnings[] })[]>`
    select ${sessionListColumns(sql, { column: 'hostId', id: host.id }, page)},
      ${jsonRows(sql, sql`
        select u.currency, count(*)::int as "completedSessions", coalesce(sum(p.host_share_cents), 0)::int as "hostShareCents"
        from sessions s join paid_sessions p on p.id = s.paid_session_id join purchases u on u.id = p.purchase_id
        where (s.state ->> 'hostId') = ${host.id} and s.booking_status = 'Completed'
        group by u.currency order by u.currency`)} as earnings`
  return { ...sessionListsOf(row!), earnings: row!.earnings }
}

/** The host's own sessions and what the completed paid ones earned them (the plan split's host share). */
export async function hostDashboard(ctx: DashboardContext, host: Host, page: PageRequest): Promise<HostDashboard> {
  const { upcoming, past, earnings } = await hostRows(ctx, host, page)
  const upcomingViews = await Promise.all(
    upcoming.map(async (row): Promise<HostUpcomingSession> => ({
      ...(await upcomingView(ctx, row, 'host', page.now)),
      member: memberOf(row),
      likedMember: row.hostLikedAt !== null,
    })),
  )
  return {
    role: 'host',
    serverTime: page.now.toISOString(),
    host: { id: host.id, name: host.name || null, calLink: host.calLink || null },
    upcoming: upcomingViews,
    past: await paged(ctx, { role: 'host', personId: host.id }, past, page.limit, (row) => ({
      ...sessionFieldsOf(row),
      member: memberOf(row),
      attendance: { hostJoinedAt: row.hostJoinedAt?.toISOString() ?? null, memberJoinedAt: row.memberJoinedAt?.toISOString() ?? null },
      ratings: { byHost: ratingOf(row.hostRating, row.hostComment), byMember: ratingOf(row.memberRating, row.memberComment) },
      hostShareCents: row.state.status === 'Completed' ? row.hostShareCents : null,
      currency: row.state.status === 'Completed' ? row.currency : null,
      creditStatus: row.creditStatus,
      likedMember: row.hostLikedAt !== null,
    })),
    earnings,
  }
}
