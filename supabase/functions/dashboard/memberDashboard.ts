import type { CreditGroup, HostLike, MemberDashboard, MemberUpcomingSession } from '../../../shared/api/dashboard.ts'
import { freeCancellationUntil } from '../../../shared/credits/creditRules.ts'
import type { Member } from '../../../shared/operations/record.ts'
import type { PlanId } from '../../../shared/plans/catalog.ts'
import type { Directory } from '../_shared/store/directory.ts'
import { paged, upcomingView, type DashboardContext, type PageRequest } from './views.ts'
import {
  jsonRows,
  ratingOf,
  sessionFieldsOf,
  sessionListColumns,
  sessionListsOf,
  type DashboardSessionRow,
  type Json,
  type SessionListsJson,
} from './sessionRows.ts'

interface CreditRow {
  id: string
  purchaseId: string
  hostId: string
  plan: PlanId
}

/** Host names as the Hosts table has them now (through the cached directory), one read per host. */
export async function hostNames(directory: Pick<Directory, 'getHost'>, ids: Iterable<string>): Promise<Map<string, string | null>> {
  const unique = [...new Set(ids)]
  const hosts = await Promise.all(unique.map((id) => directory.getHost(id)))
  return new Map(unique.map((id, index) => [id, hosts[index]?.name ?? null]))
}

function creditGroups(rows: CreditRow[], names: Map<string, string | null>): CreditGroup[] {
  const groups = new Map<string, CreditGroup>()
  for (const row of rows) {
    const key = `${row.hostId}\u0000${row.plan}`
    const group = groups.get(key) ?? { host: { id: row.hostId, name: names.get(row.hostId) ?? null }, plan: row.plan, left: 0, bookable: [] }
    group.bookable.push({ paidSessionId: row.id, purchaseId: row.purchaseId })
    group.left = group.bookable.length
    groups.set(key, group)
  }
  return [...groups.values()]
}

interface LikeRow {
  bookingId: string
  hostId: string
  likedAt: Date
}

/** More likes than the banner shows at once; the member dismisses them one by one. */
export const HOST_LIKES_LIMIT = 20

const live = (row: DashboardSessionRow) => row.state.status === 'Created' || row.state.status === 'Pending'

/** Everything the member's dashboard shows from Postgres, in one statement: one round trip, one plan. */
async function memberRows(ctx: DashboardContext, member: Member, page: PageRequest) {
  const { sql } = ctx
  const [row] = await sql<(SessionListsJson<DashboardSessionRow> & { credits: CreditRow[]; likes: Json<LikeRow>[] })[]>`
    select ${sessionListColumns(sql, { column: 'memberId', id: member.id }, page)},
      ${jsonRows(sql, sql`
        select id::text, purchase_id::text as "purchaseId", host_id as "hostId", plan from paid_sessions
        where member_id = ${member.id} and credit_status = 'available'
        order by host_id, plan, created_at, position`)} as credits,
      ${jsonRows(sql, sql`
        select s.state ->> 'bookingId' as "bookingId", s.state ->> 'hostId' as "hostId", s.host_liked_at as "likedAt" from sessions s
        where (s.state ->> 'memberId') = ${member.id} and s.host_liked_at is not null and s.host_like_dismissed_at is null
          and (s.state ->> 'hostId') is not null
        order by s.host_liked_at desc, s.id limit ${HOST_LIKES_LIMIT}`)} as likes`
  return { ...sessionListsOf(row!), credits: row!.credits, likes: row!.likes.map((like) => ({ ...like, likedAt: new Date(like.likedAt) })) }
}

/** The member's own sessions and credits: every query is keyed by the member the token's phone names. */
export async function memberDashboard(ctx: DashboardContext, member: Member, page: PageRequest): Promise<MemberDashboard> {
  const { upcoming, past, credits, likes } = await memberRows(ctx, member, page)
  const names = await hostNames(ctx.directory, [
    ...credits.map((c) => c.hostId),
    ...likes.map((like) => like.hostId),
    ...[...upcoming, ...past].flatMap((s) => (s.state.hostId ? [s.state.hostId] : [])),
  ])
  const hostOf = (row: DashboardSessionRow) => ({ id: row.state.hostId, name: (row.state.hostId && names.get(row.state.hostId)) || row.state.hostName })

  const upcomingViews = await Promise.all(
    upcoming.map(
      async (row): Promise<MemberUpcomingSession> => ({
        ...(await upcomingView(ctx, row, 'member', page.now)),
        host: hostOf(row),
        freeCancellationUntil: row.paidSessionId !== null && live(row) ? freeCancellationUntil(row.state.start, ctx.cancellationCutoffHours).toISOString() : null,
        calcom: live(row) ? ctx.calcomActions(row.state.bookingId) : null,
      }),
    ),
  )
  return {
    role: 'member',
    serverTime: page.now.toISOString(),
    member: { id: member.id, name: member.name || null },
    upcoming: upcomingViews,
    credits: creditGroups(credits, names),
    hostLikes: likes.map((like): HostLike => ({ bookingId: like.bookingId, host: { id: like.hostId, name: names.get(like.hostId) ?? null }, likedAt: like.likedAt.toISOString() })),
    past: await paged(ctx, { role: 'member', personId: member.id }, past, page.limit, (row) => ({
      ...sessionFieldsOf(row),
      host: hostOf(row),
      rating: ratingOf(row.memberRating, row.memberComment),
    })),
  }
}
