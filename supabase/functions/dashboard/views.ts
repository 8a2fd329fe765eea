import type { CalcomActions } from '../../../shared/api/dashboard.ts'
import { joinWindowState, roomClosesAt, roomOpensAt, sessionTimesOf } from '../../../shared/domain/sessionTimes.ts'
import { sessionLinkUrl, signSessionToken } from '../../../shared/links/sessionLinks.ts'
import type { Role } from '../../../shared/sessions/sessionView.ts'
import type { Sql } from '../_shared/db/connect.ts'
import type { Directory } from '../_shared/store/directory.ts'
import { signCursor, type CursorOwner, type PastCursor } from './cursor.ts'
import { sessionFieldsOf, type DashboardSessionRow } from './sessionRows.ts'

/** What both dashboards read with: the database, the cached directory, and how links are made. */
export interface DashboardContext {
  sql: Sql
  directory: Pick<Directory, 'getHost'>
  appUrl: string
  linkSigningSecret: string
  cancellationCutoffHours: number
  calcomActions: (bookingId: string) => CalcomActions
}

/** Which page of past sessions, and the clock the whole answer is computed at. */
export interface PageRequest {
  cursor: PastCursor | null
  limit: number
  now: Date
}

/** An upcoming session as either side sees it: the join window and this role's own signed link. */
export async function upcomingView(ctx: DashboardContext, row: DashboardSessionRow, role: Role, now: Date) {
  const times = sessionTimesOf(row.state)
  const token = await signSessionToken(ctx.linkSigningSecret, row.id, role)
  return {
    ...sessionFieldsOf(row),
    joinWindow: { opensAt: roomOpensAt(times).toISOString(), closesAt: roomClosesAt(times).toISOString(), state: joinWindowState(times, now) },
    sessionLink: sessionLinkUrl(ctx.appUrl, row.state.bookingId, role, token),
  }
}

/** A page's rows and the cursor after its last one (null when nothing follows). */
export async function paged<R extends DashboardSessionRow, T>(ctx: DashboardContext, owner: CursorOwner, rows: R[], limit: number, view: (row: R) => T) {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(view),
    nextCursor: rows.length > limit && last ? await signCursor(ctx.linkSigningSecret, owner, { start: last.start, id: last.id }) : null,
  }
}

