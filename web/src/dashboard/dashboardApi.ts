import {
  dashboardActionResultSchema,
  hostDashboardSchema,
  memberDashboardSchema,
  type DashboardAction,
  type DashboardActionResult,
  type HostDashboard,
  type MemberDashboard,
} from '../../../shared/api/dashboard.ts'
import { callFunction } from '../api/callFunction.ts'
import { authorizedFetch } from '../auth/authorizedFetch.ts'
import { functionsUrl } from '../config.ts'

/** Which page of past sessions: the `nextCursor` of the page before (none for the first), and its size. */
export interface PastPage {
  cursor?: string
  limit?: number
}

function dashboardUrl(role: 'member' | 'host', page: PastPage): string {
  const query = new URLSearchParams({ role })
  if (page.cursor) query.set('cursor', page.cursor)
  if (page.limit !== undefined) query.set('limit', String(page.limit))
  return `${functionsUrl}/dashboard?${query}`
}

/** The signed-in member's own dashboard (401 signed out, 403 `not_a_member`). */
export function fetchMemberDashboard(page: PastPage = {}, signal?: AbortSignal): Promise<MemberDashboard> {
  return callFunction(dashboardUrl('member', page), { signal }, memberDashboardSchema, authorizedFetch)
}

/** The signed-in host's own dashboard (401 signed out, 403 `not_a_host`). */
export function fetchHostDashboard(page: PastPage = {}, signal?: AbortSignal): Promise<HostDashboard> {
  return callFunction(dashboardUrl('host', page), { signal }, hostDashboardSchema, authorizedFetch)
}

/** A host's like (or taking it back), or a member dismissing one. */
export function postDashboardAction(action: DashboardAction): Promise<DashboardActionResult> {
  return callFunction(
    `${functionsUrl}/dashboard`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(action) },
    dashboardActionResultSchema,
    authorizedFetch,
  )
}
