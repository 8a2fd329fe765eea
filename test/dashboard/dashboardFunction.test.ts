import { beforeEach, describe, expect, it } from 'vitest'
import { dashboardSchema, hostDashboardSchema, memberDashboardSchema, type HostDashboard, type MemberDashboard } from '../../shared/api/dashboard.ts'
import { errorBodySchema } from '../../shared/api/errorBody.ts'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { verifySessionToken } from '../../shared/links/sessionLinks.ts'
import { PLANS, type PlanId } from '../../shared/plans/catalog.ts'
import { splitPlan } from '../../shared/plans/split.ts'
import { signAccessToken } from '../../supabase/functions/_shared/auth/local/localSession.ts'
import { bearerToken, createAccessTokenVerifier } from '../../supabase/functions/_shared/auth/verifyAccessToken.ts'
import { UnauthorizedError } from '../../supabase/functions/_shared/errors.ts'
import { recordSyncJob } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { calcomActionsAt, calcomPagesUrl } from '../../supabase/functions/dashboard/calcomPages.ts'
import { createDashboardHandler } from '../../supabase/functions/dashboard/handler.ts'
import { calcomEvents, sessionTimes, type BookingFixture } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook } from '../support/pipeline.ts'

const db = useTestDatabase()
const AUTH_URL = 'http://127.0.0.1:54397'
const APP_URL = 'https://presence.test'
const JWT_SECRET = 'dashboard-test-jwt-secret-at-least-32-characters'
const LINK_SECRET = 'dashboard-test-link-secret'
const CAL_APP = 'https://app.cal.com'
const URL_ = 'http://127.0.0.1:54397/functions/v1/dashboard'
const HOUR = 3_600_000

const JANE = { name: 'Jane Rivers', email: 'jane@presence.example', phone: '+61400000001', calLink: 'jane/session' }
const KIM = { name: 'Kim Host', email: 'kim@presence.example', phone: '+61400000005', calLink: 'kim/session' }
const MAX = { name: 'Max Member', email: 'max@presence.example', phone: '+61400000009' }
const ANN = { name: 'Ann Other', email: 'ann@presence.example', phone: '+61400000007' }

let ids: { jane: string; kim: string; max: string; ann: string }
let webhook: ReturnType<typeof createTestWebhook>
/** The record syncs the dashboard asked for, queued in the real outbox (the worker runs them on `settle`). */
let syncsRequested: Promise<unknown>[]

/** The check the deployed function runs (runtime/build/auth.ts), on this test's secret. */
const verify = createAccessTokenVerifier({ authUrl: AUTH_URL, jwtSecret: JWT_SECRET })

let dashboard: ReturnType<typeof createDashboardHandler>

beforeEach(async () => {
  await db.reset()
  const pipeline = createTestPipeline(db)
  webhook = createTestWebhook(pipeline)
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
async function tokenFor(phone: string, issuedAt = new Date()): Promise<string> {
  const user = { id: crypto.randomUUID(), phone: phone.replace(/^\+/, ''), createdAt: issuedAt, lastSignInAt: issuedAt }
  return (await signAccessToken({ authUrl: AUTH_URL, jwtSecret: JWT_SECRET }, user, crypto.randomUUID(), issuedAt)).token
}

async function get(token: string | null, query: string): Promise<Response> {
  return dashboard(new Request(`${URL_}?${query}`, { headers: { origin: APP_URL, ...(token ? { authorization: `Bearer ${token}` } : {}) } }))
}

async function memberView(phone: string, query = ''): Promise<MemberDashboard> {
  const response = await get(await tokenFor(phone), `role=member${query}`)
  expect(response.status, await response.clone().text()).toBe(200)
  return memberDashboardSchema.parse(await response.json())
}

async function hostView(phone: string, query = ''): Promise<HostDashboard> {
  const response = await get(await tokenFor(phone), `role=host${query}`)
  expect(response.status, await response.clone().text()).toBe(200)
  return hostDashboardSchema.parse(await response.json())
}

async function refusal(response: Response) {
  return { status: response.status, ...errorBodySchema.parse(await response.json()) }
}

/** A paid purchase and its paid sessions, as the payment processor leaves them. */
async function paidPurchase(plan: PlanId, memberId: string, hostId: string): Promise<{ purchaseId: string; paidSessionIds: string[] }> {
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
function booking(uid: string, startsInHours: number, extra: Partial<BookingFixture> = {}): BookingFixture {
  const { start, end } = sessionTimes(Math.round(startsInHours * 60))
  return { uid, start, end, memberId: ids.max, ...extra }
}

function annBooking(uid: string, startsInHours: number, extra: Partial<BookingFixture> = {}): BookingFixture {
  return booking(uid, startsInHours, { memberId: ids.ann, attendeeEmail: ANN.email, attendeeName: ANN.name, ...extra })
}

async function deliver(...bodies: unknown[]) {
  for (const body of bodies) expect((await webhook.send(body)).status).toBe(200)
  await webhook.settle()
}

/** Every row of every table, so a test can show that requests changed nothing. */
async function everything(): Promise<Record<string, string | null>> {
  const tables = await db.sql<{ name: string }[]>`select tablename as name from pg_tables where schemaname = current_schema() order by tablename`
  const out: Record<string, string | null> = {}
  for (const { name } of tables) {
    const [row] = await db.sql<{ digest: string | null }[]>`select md5(string_agg(t::text, '|' order by t::text)) as digest from ${db.sql(name)} t`
    out[name] = row!.digest
  }
  return out
}

describe('the member dashboard', () => {
  it('shows upcoming sessions in time order with links, cutoff and Cal.com pages; credits per host and plan; past with the rating', async () => {
    const weekly = await paidPurchase('weekly', ids.max, ids.jane)
    const adhoc = await paidPurchase('adhoc', ids.max, ids.jane)
    await deliver(
      calcomEvents.created(booking('bk-paid', 48, { paidSessionId: weekly.paidSessionIds[0] })),
      calcomEvents.created(booking('bk-direct', 30)),
      calcomEvents.created(booking('bk-cancelled', 72)),
    )
    await deliver(calcomEvents.cancelled(booking('bk-cancelled', 72), { reason: 'Host is unwell', cancelledBy: JANE.email }))
    const held = booking('bk-held', -3, { paidSessionId: adhoc.paidSessionIds[0] })
    await deliver(calcomEvents.created(held))
    await deliver(calcomEvents.meetingEnded(held))
    await db.sql`update sessions set member_rating = 5, member_comment = 'Lovely', host_rating = 4 where booking_id = 'bk-held'`

    const view = await memberView(MAX.phone)
    expect(view.member).toEqual({ id: ids.max, name: MAX.name })
    expect(view.upcoming.map((s) => s.bookingId)).toEqual(['bk-direct', 'bk-paid', 'bk-cancelled'])

    const [direct, paid, cancelled] = view.upcoming
    expect(paid).toMatchObject({
      status: 'Created',
      host: { id: ids.jane, name: JANE.name },
      paymentFlag: null,
      joinWindow: { state: 'before' },
      calcom: { rescheduleUrl: `${CAL_APP}/reschedule/bk-paid`, cancelUrl: `${CAL_APP}/booking/bk-paid?cancel=true` },
    })
    expect(new Date(paid!.freeCancellationUntil!).getTime()).toBe(new Date(paid!.start).getTime() - 24 * HOUR)
    expect(new Date(paid!.joinWindow.opensAt).getTime()).toBe(new Date(paid!.start).getTime() - 15 * 60_000)
    const link = new URL(paid!.sessionLink)
    expect(link.origin + link.pathname).toBe(`${APP_URL}/video-session`)
    expect(link.searchParams.get('bookingId')).toBe('bk-paid')
    expect(link.searchParams.get('userType')).toBe('member')
    const [session] = await db.sql<{ id: string }[]>`select id::text from sessions where booking_id = 'bk-paid'`
    expect(await verifySessionToken(LINK_SECRET, session!.id, 'member', link.searchParams.get('token')!)).toBe(true)

    // Booked straight on Cal.com: flagged, so no credit comes back and none is promised.
    expect(direct).toMatchObject({ paymentFlag: 'No Paid Session', freeCancellationUntil: null })
    expect(direct!.calcom).not.toBeNull()
    // Cancelled: says why, and offers nothing to change.
    expect(cancelled).toMatchObject({ status: 'Cancelled', cancellationReason: 'Host is unwell', cancelledBy: 'host', calcom: null, freeCancellationUntil: null })

    expect(view.credits).toEqual([
      {
        host: { id: ids.jane, name: JANE.name },
        plan: 'weekly',
        left: 2,
        bookable: weekly.paidSessionIds.slice(1).map((paidSessionId) => ({ paidSessionId, purchaseId: weekly.purchaseId })),
      },
    ])
    expect(view.past).toEqual({
      items: [expect.objectContaining({ bookingId: 'bk-held', status: 'Completed', host: { id: ids.jane, name: JANE.name }, rating: { stars: 5, comment: 'Lovely' } })],
      nextCursor: null,
    })
  })

  it('names the host as the Hosts table does now, not as the booking said', async () => {
    await deliver(calcomEvents.created(booking('bk-1', 48)))
    await db.sql`update hosts set name = 'Jane R. Rivers' where id = ${ids.jane}`
    expect((await memberView(MAX.phone)).upcoming[0]!.host).toEqual({ id: ids.jane, name: 'Jane R. Rivers' })
  })

  it('shows an empty dashboard to a member with nothing yet', async () => {
    expect(await memberView(MAX.phone)).toMatchObject({ upcoming: [], credits: [], past: { items: [], nextCursor: null } })
  })
})

describe('the host dashboard', () => {
  it('shows upcoming sessions with member names and the host link, past ones with attendance and ratings, and earnings', async () => {
    const weekly = await paidPurchase('weekly', ids.max, ids.jane)
    await deliver(calcomEvents.created(annBooking('bk-ann', 24)), calcomEvents.created(booking('bk-max', 50, { paidSessionId: weekly.paidSessionIds[0] })))
    const heldOne = booking('bk-held-1', -30, { paidSessionId: weekly.paidSessionIds[1] })
    const heldTwo = booking('bk-held-2', -5, { paidSessionId: weekly.paidSessionIds[2] })
    const missed = annBooking('bk-missed', -10)
    await deliver(calcomEvents.created(heldOne), calcomEvents.created(heldTwo), calcomEvents.created(missed))
    await deliver(calcomEvents.meetingEnded(heldOne), calcomEvents.meetingEnded(heldTwo))
    const joined = new Date(Date.now() - 5 * HOUR)
    await db.sql`update sessions set host_joined_at = ${joined}, member_joined_at = ${joined}, host_rating = 5, host_comment = 'Great chat', member_rating = 4 where booking_id = 'bk-held-2'`
    await deliver(calcomEvents.created(booking('bk-kim', 30, { organizerEmail: KIM.email, organizerName: KIM.name })))

    const view = await hostView(JANE.phone)
    expect(view.host).toEqual({ id: ids.jane, name: JANE.name, calLink: JANE.calLink })
    expect(view.upcoming.map((s) => [s.bookingId, s.member.name])).toEqual([
      ['bk-ann', ANN.name],
      ['bk-max', MAX.name],
    ])
    const link = new URL(view.upcoming[0]!.sessionLink)
    expect(link.searchParams.get('userType')).toBe('host')
    const [session] = await db.sql<{ id: string }[]>`select id::text from sessions where booking_id = 'bk-ann'`
    expect(await verifySessionToken(LINK_SECRET, session!.id, 'host', link.searchParams.get('token')!)).toBe(true)
    expect(view.upcoming[0]).not.toHaveProperty('calcom')

    expect(view.past.items.map((s) => s.bookingId)).toEqual(['bk-held-2', 'bk-missed', 'bk-held-1'])
    const [latest, notHeld, older] = view.past.items
    expect(latest).toMatchObject({
      member: { id: ids.max, name: MAX.name },
      attendance: { hostJoinedAt: joined.toISOString(), memberJoinedAt: joined.toISOString() },
      ratings: { byHost: { stars: 5, comment: 'Great chat' }, byMember: { stars: 4, comment: null } },
      hostShareCents: 1000,
      currency: 'aud',
    })
    expect(notHeld).toMatchObject({ attendance: { hostJoinedAt: null, memberJoinedAt: null }, hostShareCents: null, paymentFlag: 'No Paid Session' })
    expect(older).toMatchObject({ hostShareCents: 1000 })
    expect(view.earnings).toEqual([{ currency: 'aud', completedSessions: 2, hostShareCents: 2000 }])

    // Kim sees only Kim's session.
    const kim = await hostView(KIM.phone)
    expect(kim.upcoming.map((s) => s.bookingId)).toEqual(['bk-kim'])
    expect(kim.past.items).toEqual([])
    expect(kim.earnings).toEqual([])
  })
})

describe('access', () => {
  it("member A's token never shows member B's sessions or credits", async () => {
    await paidPurchase('adhoc', ids.ann, ids.jane)
    await deliver(calcomEvents.created(annBooking('bk-ann', 24)), calcomEvents.created(annBooking('bk-ann-past', -24)))
    await deliver(calcomEvents.created(booking('bk-max', 30)))
    const max = await memberView(MAX.phone)
    expect(max.upcoming.map((s) => s.bookingId)).toEqual(['bk-max'])
    expect(max.credits).toEqual([])
    expect(max.past.items).toEqual([])
    const ann = await memberView(ANN.phone)
    expect(ann.upcoming.map((s) => s.bookingId)).toEqual(['bk-ann'])
    expect(ann.past.items.map((s) => s.bookingId)).toEqual(['bk-ann-past'])
  })

  it('ignores any id in the request: only the phone the token proves picks the person', async () => {
    await deliver(calcomEvents.created(annBooking('bk-ann', 24)))
    const response = await get(await tokenFor(MAX.phone), `role=member&memberId=${ids.ann}`)
    expect(await refusal(response)).toMatchObject({ status: 400, error: 'invalid_request' })
  })

  it("refuses a host token on the member dashboard and a member's on the host dashboard (403, with a code)", async () => {
    expect(await refusal(await get(await tokenFor(JANE.phone), 'role=member'))).toMatchObject({ status: 403, error: 'not_a_member' })
    expect(await refusal(await get(await tokenFor(MAX.phone), 'role=host'))).toMatchObject({ status: 403, error: 'not_a_host' })
  })

  it('refuses no token, an expired token, and one signed with another secret (401)', async () => {
    expect(await refusal(await get(null, 'role=member'))).toMatchObject({ status: 401, error: 'unauthorized' })
    const expired = await tokenFor(MAX.phone, new Date(Date.now() - 3 * HOUR))
    expect(await refusal(await get(expired, 'role=member'))).toMatchObject({ status: 401, message: expect.stringContaining('expired') })
    const forged = await signJwtHs256({ iss: `${AUTH_URL}/auth/v1`, sub: 'x', aud: 'authenticated', exp: Date.now() / 1000 + 600, phone: MAX.phone.slice(1) }, 'another-secret-of-at-least-32-characters!')
    expect(await refusal(await get(forged, 'role=member'))).toMatchObject({ status: 401 })
  })

  it('refuses a bad role or limit with 400, and answers CORS only for the app', async () => {
    const token = await tokenFor(MAX.phone)
    expect(await refusal(await get(token, 'role=admin'))).toMatchObject({ status: 400, error: 'invalid_query' })
    expect(await refusal(await get(token, 'role=member&limit=51'))).toMatchObject({ status: 400, error: 'invalid_query' })
    expect(await refusal(await get(token, 'role=member&limit=0'))).toMatchObject({ status: 400, error: 'invalid_query' })
    const preflight = (origin: string) => dashboard(new Request(URL_, { method: 'OPTIONS', headers: { origin } }))
    expect((await preflight(APP_URL)).status).toBe(204)
    expect((await preflight('https://evil.example')).status).toBe(403)
    const put = await dashboard(new Request(`${URL_}?role=member`, { method: 'PUT', headers: { origin: APP_URL, authorization: `Bearer ${token}` } }))
    expect(put.status).toBe(405)
    expect((await get(token, 'role=member')).headers.get('access-control-allow-origin')).toBe(APP_URL)
  })

  it('writes nothing, whatever it is asked', async () => {
    const weekly = await paidPurchase('weekly', ids.max, ids.jane)
    await deliver(calcomEvents.created(booking('bk-1', 48, { paidSessionId: weekly.paidSessionIds[0] })), calcomEvents.created(booking('bk-0', -48)))
    const before = await everything()
    const max = await tokenFor(MAX.phone)
    const jane = await tokenFor(JANE.phone)
    const page = await memberView(MAX.phone, '&limit=1')
    const answers = await Promise.all([
      get(max, 'role=member'),
      get(max, 'role=host'),
      get(jane, 'role=host'),
      get(jane, 'role=member'),
      get(null, 'role=member'),
      get(await tokenFor(MAX.phone, new Date(Date.now() - 3 * HOUR)), 'role=member'),
      get(max, `role=member&cursor=${page.past.nextCursor ?? 'x'}x`),
      get(max, 'role=member&limit=99'),
    ])
    expect(answers.map((r) => r.status)).toEqual([200, 403, 200, 403, 401, 401, 400, 400])
    expect(await everything()).toEqual(before)
  })
})

describe('past sessions, paged', () => {
  /** Max's past sessions with Jane, one a day, the newest yesterday; their booking ids newest first. */
  async function pastSessions(count: number): Promise<string[]> {
    const uids = Array.from({ length: count }, (_, i) => `bk-past-${String(i).padStart(3, '0')}`)
    await deliver(...uids.map((uid, i) => calcomEvents.created(booking(uid, -24 * (i + 1)))))
    return uids
  }

  it('walks 45 past sessions in 3 pages with no gaps or repeats, stable when a session arrives meanwhile', async () => {
    const uids = await pastSessions(45)
    const first = await memberView(MAX.phone)
    expect(first.past.items.map((s) => s.bookingId)).toEqual(uids.slice(0, 20))
    expect(first.past.nextCursor).not.toBeNull()

    // A new session, newer than every listed one, and one that moves into the past: neither shifts the pages.
    await deliver(calcomEvents.created(booking('bk-just-now', -2)), calcomEvents.created(booking('bk-soon', 48)))

    const second = await memberView(MAX.phone, `&cursor=${encodeURIComponent(first.past.nextCursor!)}`)
    expect(second.past.items.map((s) => s.bookingId)).toEqual(uids.slice(20, 40))
    const third = await memberView(MAX.phone, `&cursor=${encodeURIComponent(second.past.nextCursor!)}`)
    expect(third.past.items.map((s) => s.bookingId)).toEqual(uids.slice(40))
    expect(third.past.nextCursor).toBeNull()
    expect(third.upcoming.map((s) => s.bookingId)).toEqual(['bk-soon'])

    // Starting again shows the new one first.
    expect((await memberView(MAX.phone)).past.items[0]!.bookingId).toBe('bk-just-now')
  })

  it('takes a page size up to 50', async () => {
    const uids = await pastSessions(3)
    const page = await memberView(MAX.phone, '&limit=2')
    expect(page.past.items.map((s) => s.bookingId)).toEqual(uids.slice(0, 2))
    const rest = await memberView(MAX.phone, `&limit=50&cursor=${encodeURIComponent(page.past.nextCursor!)}`)
    expect(rest.past).toEqual({ items: [expect.objectContaining({ bookingId: uids[2] })], nextCursor: null })
  })

  it("refuses a forged or altered cursor, and another person's, with the same 400 that says nothing more", async () => {
    await pastSessions(3)
    await deliver(calcomEvents.created(annBooking('bk-ann-1', -30)), calcomEvents.created(annBooking('bk-ann-2', -31)))
    const page = await memberView(MAX.phone, '&limit=1')
    const cursor = page.past.nextCursor!
    const [body, mac] = cursor.split('.') as [string, string]
    const decoded = JSON.parse(atob(body.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, string>
    const rewritten = btoa(JSON.stringify({ ...decoded, s: new Date(Date.now() + 365 * 24 * HOUR).toISOString() })).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
    const annPage = await memberView(ANN.phone, '&limit=1')

    const token = await tokenFor(MAX.phone)
    const tries = [
      `${rewritten}.${mac}`,
      `${body}.${mac.slice(0, -2)}AA`,
      `${body}.`,
      'not-a-cursor',
      `${body}.${mac}.${mac}`,
      annPage.past.nextCursor!,
    ]
    const answers = await Promise.all(tries.map(async (c) => refusal(await get(token, `role=member&cursor=${encodeURIComponent(c)}`))))
    const expected = { status: 400, error: 'invalid_cursor', message: 'This page link is not valid any more: start again from the first page.' }
    expect(answers).toEqual(tries.map(() => expected))
    // Max's own cursor on the host view is not a host's cursor either.
    expect(await refusal(await get(await tokenFor(JANE.phone), `role=host&cursor=${encodeURIComponent(cursor)}`))).toEqual(expected)
  })
})

describe("Cal.com's pages", () => {
  it('are the stand-in under /local-cal until Cal.com is configured, then CALCOM_APP_URL', () => {
    const local = calcomActionsAt(calcomPagesUrl({ functionsUrl: 'http://127.0.0.1:54321/functions/v1', calcom: { apiKey: undefined, appUrl: CAL_APP, apiUrl: '', webhookSecret: undefined } }))
    expect(local('uid 1')).toEqual({
      rescheduleUrl: 'http://127.0.0.1:54321/local-cal/reschedule/uid%201',
      cancelUrl: 'http://127.0.0.1:54321/local-cal/booking/uid%201?cancel=true',
    })
    const live = calcomActionsAt(calcomPagesUrl({ functionsUrl: 'https://x.supabase.co/functions/v1', calcom: { apiKey: 'cal_live_x', appUrl: CAL_APP, apiUrl: '', webhookSecret: undefined } }))
    expect(live('abc')).toEqual({ rescheduleUrl: `${CAL_APP}/reschedule/abc`, cancelUrl: `${CAL_APP}/booking/abc?cancel=true` })
  })
})

it('parses with the union schema the SPA uses', async () => {
  expect(dashboardSchema.parse(await (await get(await tokenFor(MAX.phone), 'role=member')).json()).role).toBe('member')
})
