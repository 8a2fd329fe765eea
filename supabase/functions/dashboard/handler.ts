import * as z from 'zod/mini'
import { DASHBOARD_PAGE_SIZE, dashboardActionSchema, dashboardQuerySchema, type DashboardAction, type DashboardActionResult } from '../../../shared/api/dashboard.ts'
import type { Authenticate, SignedInUser } from '../_shared/auth/signedInUser.ts'
import { BadRequestError, ForbiddenError } from '../_shared/errors.ts'
import { withCors } from '../_shared/http/cors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod } from '../_shared/http/requestGuards.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import type { Directory } from '../_shared/store/directory.ts'
import { readCursor } from './cursor.ts'
import { hostDashboard } from './hostDashboard.ts'
import { createLikeActions, type LikeActionsDeps } from './likeActions.ts'
import { memberDashboard } from './memberDashboard.ts'
import type { DashboardContext } from './views.ts'

export interface DashboardDeps extends Omit<DashboardContext, 'directory'>, Omit<LikeActionsDeps, 'directory'> {
  /** Verifies the Supabase Auth JWT; the person is whoever holds its phone, never an id the browser sends. */
  authenticate: Authenticate
  directory: Pick<Directory, 'getHost' | 'findHostByPhone' | 'findMemberByPhone'>
  log: Logger
  now?: () => Date
}

const METHODS = ['GET', 'POST']
const QUERY_KEYS = new Set(['role', 'cursor', 'limit'])
/** An action is a few short fields. */
const MAX_BODY_BYTES = 4 * 1024
const NO_STORE = { 'cache-control': 'private, no-store' }

function queryOf(url: URL) {
  const unknown = [...url.searchParams.keys()].filter((key) => !QUERY_KEYS.has(key))
  if (unknown.length > 0) throw new BadRequestError(`Unknown parameter ${unknown.join(', ')}: send role, and optionally cursor and limit.`)
  const parsed = dashboardQuerySchema.safeParse(Object.fromEntries(url.searchParams))
  if (!parsed.success) {
    throw new BadRequestError(`Send ?role=member or ?role=host, optionally cursor=<nextCursor> and limit=1..${DASHBOARD_PAGE_SIZE.max}.`, 'invalid_query')
  }
  return parsed.data
}

function actionOf(body: unknown): DashboardAction {
  const parsed = dashboardActionSchema.safeParse(body)
  if (!parsed.success) throw new BadRequestError(`Send {"action":"like","bookingId":…,"liked":true|false} or {"action":"dismissLike","bookingId":…}:\n${z.prettifyError(parsed.error)}`)
  return parsed.data
}

type ActionHandler = (user: SignedInUser, action: DashboardAction, at: Date) => Promise<DashboardActionResult>

/**
 * `GET ?role=member|host[&cursor=…&limit=…]`: the signed-in person's own dashboard; the member or
 * host is found by the phone the token proves, and a cursor pages only the list of the person it
 * was made for. `POST` an action (`shared/api/dashboard.ts`): the host's like, the member's
 * dismissal, each only on a booking of their own.
 */
export function createDashboardHandler(deps: DashboardDeps): Handler {
  const now = deps.now ?? (() => new Date())
  const likes = createLikeActions(deps)
  // Each entry takes the action its key names (the schema's discriminator guarantees it).
  const dispatch: Record<DashboardAction['action'], ActionHandler> = {
    like: (user, action, at) => likes.like(user, action as Extract<DashboardAction, { action: 'like' }>, at),
    dismissLike: (user, action) => likes.dismissLike(user, action as Extract<DashboardAction, { action: 'dismissLike' }>),
  }

  async function view(req: Request, user: SignedInUser, at: Date): Promise<Response> {
    const query = queryOf(new URL(req.url))
    const limit = query.limit ?? DASHBOARD_PAGE_SIZE.default
    if (query.role === 'member') {
      const member = await deps.directory.findMemberByPhone(user.phone)
      if (!member) throw new ForbiddenError('This phone number has no member profile: add your name and email first.', 'not_a_member')
      const cursor = query.cursor ? await readCursor(deps.linkSigningSecret, { role: 'member', personId: member.id }, query.cursor) : null
      return json(200, await memberDashboard(deps, member, { cursor, limit, now: at }), NO_STORE)
    }
    const host = await deps.directory.findHostByPhone(user.phone)
    if (!host) throw new ForbiddenError('This phone number is not a host’s: the host dashboard is for hosts.', 'not_a_host')
    const cursor = query.cursor ? await readCursor(deps.linkSigningSecret, { role: 'host', personId: host.id }, query.cursor) : null
    return json(200, await hostDashboard(deps, host, { cursor, limit, now: at }), NO_STORE)
  }

  return withCors(
    withErrorMapping(async (req) => {
      requireMethod(req, ...METHODS)
      const at = now()
      if (req.method === 'GET') return view(req, await deps.authenticate(req), at)
      const body = await readBodyWithLimit(req, MAX_BODY_BYTES)
      const user = await deps.authenticate(req)
      const action = actionOf(parseJsonBody(body))
      return json(200, await dispatch[action.action](user, action, at), NO_STORE)
    }, deps.log),
    deps.appUrl,
    [...METHODS, 'OPTIONS'].join(', '),
  )
}
