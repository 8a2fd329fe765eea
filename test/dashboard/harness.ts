/**
 * The dashboard function as deployed, on PGlite with the real pipeline (Cal.com webhooks folded by
 * the worker, record syncs run from the real outbox): two hosts, two members, and helpers to
 * sign in as each.
 */
import { beforeEach, expect } from 'vitest'
import { hostDashboardSchema, memberDashboardSchema, type HostDashboard, type MemberDashboard } from '../../shared/api/dashboard.ts'
import { errorBodySchema } from '../../shared/api/errorBody.ts'
import { PLANS, type PlanId } from '../../shared/plans/catalog.ts'
import { splitPlan } from '../../shared/plans/split.ts'
import { signAccessToken } from '../../supabase/functions/_shared/auth/local/localSession.ts'
import { bearerToken, createAccessTokenVerifier } from '../../supabase/functions/_shared/auth/verifyAccessToken.ts'
import { settleAttendance } from '../../supabase/functions/_shared/attendance/settleAttendance.ts'
import { UnauthorizedError } from '../../supabase/functions/_shared/errors.ts'
import { recordSyncJob } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { calcomActionsAt } from '../../supabase/functions/dashboard/calcomPages.ts'
import { createDashboardHandler } from '../../supabase/functions/dashboard/handler.ts'
import { sessionTimes, type BookingFixture } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook } from '../support/pipeline.ts'

export const db = useTestDatabase()
export const AUTH_URL = 'http://127.0.0.1:54397'
export const APP_URL = 'https://presence.test'
export const JWT_SECRET = 'dashboard-test-jwt-secret-at-least-32-characters'
export const LINK_SECRET = 'dashboard-test-link-secret'
export const CAL_APP = 'https://app.cal.com'
export const URL_ = 'http://127.0.0.1:54397/functions/v1/dashboard'
export const HOUR = 3_600_000

export const JANE = { name: 'Jane Rivers', email: 'jane@presence.example', phone: '+61400000001', calLink: 'jane/session' }
export const KIM = { name: 'Kim Host', email: 'kim@presence.example', phone: '+61400000005', calLink: 'kim/session' }
export const MAX = { name: 'Max Member', email: 'max@presence.example', phone: '+61400000009' }
export const ANN = { name: 'Ann Other', email: 'ann@presence.example', phone: '+61400000007' }

export let ids: { jane: string; kim: string; max: string; ann: string }
export let webhook: ReturnType<typeof createTestWebhook>
/** The record syncs the dashboard asked for, queued in the real outbox (the worker runs them on `settle`). */
export let syncsRequested: Promise<unknown>[]

/** The check the deployed function runs (runtime/build/auth.ts), on this test's secret. */
const verify = createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: JWT_SECRET })

export let dashboard: ReturnType<typeof createDashboardHandler>
/** The end of a session as the worker settles it: attendance, credit, payout line (`settleAttendance`). */
export let settle: (sessionId: string) => Promise<unknown>

beforeEach(async () => {
  await db.reset()
  const pipeline = createTestPipeline(db)
  webhook = createTestWebhook(pipeline)
  settle = (sessionId) => settleAttendance({ sql: db.sql, sessions: pipeline.sessions, outbox: pipeline.outbox }, sessionId)
  syncsRequested = []
  dashboard = createDashboardHandler({
    authenticate: async (req) => {
      const token = bearerToken(req)
      if (token === null) throw new UnauthorizedError('Sign in first')
      return (await verify(token)).user
    },
    directory: pipeline.directory,
    sql: db.sql,
    sessions: pipeline.sessions,
    requestSync: (sessionId) => syncsRequested.push(pipeline.outbox.enqueue(db.sql, [recordSyncJob(sessionId)])),
    appUrl: APP_URL,
    linkSigningSecret: LINK_SECRET,
    cancellationCutoffHours: 24,
    calcomActions: calcomActionsAt(CAL_APP),
    log: silentLogger,
  })
  const host = async (h: typeof JANE) =>
    (await db.sql<{ id: string }[]>`insert into hosts (name, email, phone, status, cal_link, time_zone) values (${h.name}, ${h.email}, ${h.phone}, 'Active', ${h.calLink}, 'Australia/Sydney') returning id::text`)[0]!.id
  const member = async (m: typeof MAX) =>
    (await db.sql<{ id: string }[]>`insert into members (name, email, phone, time_zone) values (${m.name}, ${m.email}, ${m.phone}, 'Australia/Sydney') returning id::text`)[0]!.id
  ids = { jane: await host(JANE), kim: await host(KIM), max: await member(MAX), ann: await member(ANN) }
})

/** A token as Supabase Auth (its local stand-in) signs it for whoever holds this phone. */
export async function tokenFor(phone: string, issuedAt = new Date()): Promise<string> {
  const user = { id: crypto.randomUUID(), phone: phone.replace(/^\+/, ''), createdAt: issuedAt, lastSignInAt: issuedAt }
  return (await signAccessToken({ authUrl: AUTH_URL, jwtSecret: JWT_SECRET }, user, crypto.randomUUID(), issuedAt)).token
}

export async function get(token: string | null, query: string): Promise<Response> {
  return dashboard(new Request(`${URL_}?${query}`, { headers: { origin: APP_URL, ...(token ? { authorization: `Bearer ${token}` } : {}) } }))
}

export async function memberView(phone: string, query = ''): Promise<MemberDashboard> {
  const response = await get(await tokenFor(phone), `role=member${query}`)
  expect(response.status, await response.clone().text()).toBe(200)
  return memberDashboardSchema.parse(await response.json())
}

export async function hostView(phone: string, query = ''): Promise<HostDashboard> {
  const response = await get(await tokenFor(phone), `role=host${query}`)
  expect(response.status, await response.clone().text()).toBe(200)
  return hostDashboardSchema.parse(await response.json())
}

export async function refusal(response: Response) {
  return { status: response.status, ...errorBodySchema.parse(await response.json()) }
}

/** A paid purchase and its paid sessions, as the payment processor leaves them. */
export async function paidPurchase(plan: PlanId, memberId: string, hostId: string): Promise<{ purchaseId: string; paidSessionIds: string[] }> {
  const split = splitPlan(PLANS[plan])
  const [purchase] = await db.sql<{ id: string }[]>`
    insert into purchases (member_id, host_id, plan, amount_cents, payment_status, checkout_session_id, paid_at)
    values (${memberId}, ${hostId}, ${plan}, ${split.totalCents}, 'paid', ${'cs_test_' + crypto.randomUUID()}, now()) returning id::text`
  const paidSessionIds: string[] = []
  for (const [index, share] of split.sessions.entries()) {
    const [row] = await db.sql<{ id: string }[]>`
      insert into paid_sessions (purchase_id, position, member_id, host_id, plan, amount_cents, host_share_cents, platform_share_cents)
      values (${purchase!.id}, ${index + 1}, ${memberId}, ${hostId}, ${plan}, ${share.amountCents}, ${share.hostCents}, ${share.platformCents}) returning id::text`
    paidSessionIds.push(row!.id)
  }
  return { purchaseId: purchase!.id, paidSessionIds }
}

/** Max's booking with Jane, `startsInHours` from now (negative: in the past). */
export function booking(uid: string, startsInHours: number, extra: Partial<BookingFixture> = {}): BookingFixture {
  const { start, end } = sessionTimes(Math.round(startsInHours * 60))
  return { uid, start, end, memberId: ids.max, ...extra }
}

export function annBooking(uid: string, startsInHours: number, extra: Partial<BookingFixture> = {}): BookingFixture {
  return booking(uid, startsInHours, { memberId: ids.ann, attendeeEmail: ANN.email, attendeeName: ANN.name, ...extra })
}

export async function deliver(...bodies: unknown[]) {
  for (const body of bodies) expect((await webhook.send(body)).status).toBe(200)
  await webhook.settle()
}

/** Every row of every table, so a test can show that requests changed nothing. */
export async function everything(): Promise<Record<string, string | null>> {
  const tables = await db.sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`
  const out: Record<string, string | null> = {}
  for (const { name } of tables) {
    const [row] = await db.sql<{ digest: string | null }[]>`select md5(string_agg(t::text, '|' order by t::text)) as digest from ${db.sql(name)} t`
    out[name] = row!.digest
  }
  return out
}

/** `POST /dashboard` with a JSON body (a string is sent as it is). */
export async function post(token: string | null, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return dashboard(
    new Request(URL_, {
      method: 'POST',
      headers: { origin: APP_URL, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  )
}

/** Runs the record syncs the dashboard asked for (and anything else due) through the worker. */
export async function runRequestedSyncs(): Promise<number> {
  const count = syncsRequested.length
  await Promise.all(syncsRequested)
  await webhook.settle()
  return count
}
