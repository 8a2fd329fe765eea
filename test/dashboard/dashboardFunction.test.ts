import { describe, expect, it } from 'vitest'
import { dashboardSchema } from '../../shared/api/dashboard.ts'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { verifySessionToken } from '../../shared/links/sessionLinks.ts'
import { calcomActionsAt, calcomPagesUrl } from '../../supabase/functions/dashboard/calcomPages.ts'
import { calcomEvents } from '../support/calcomEvents.ts'
import {
  ANN, APP_URL, AUTH_URL, CAL_APP, HOUR, JANE, KIM, LINK_SECRET, MAX, URL_,
  annBooking, booking, dashboard, db, deliver, everything, get, hostView, ids, memberView, paidPurchase, refusal, settle, tokenFor,
} from './harness.ts'
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
    // Settled as the worker does: bk-held-2 attended (a payout line, then paid), bk-held-1 a host no-show (none; the credit goes back).
    for (const uid of ['bk-held-1', 'bk-held-2']) {
      const [row] = await db.sql<{ id: string }[]>`select id::text from sessions where booking_id = ${uid}`
      await settle(row!.id)
    }
    await db.sql`update payout_lines set status = 'paid', paid_at = ${joined} where session_id = (select id from sessions where booking_id = 'bk-held-2')`
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
      currency: 'AUD',
      payoutStatus: 'paid',
      payoutPaidAt: joined.toISOString(),
    })
    expect(notHeld).toMatchObject({ attendance: { hostJoinedAt: null, memberJoinedAt: null }, hostShareCents: null, paymentFlag: 'No Paid Session' })
    // The host never joined: no payout, and the member has the session back.
    expect(older).toMatchObject({ status: 'Completed', hostShareCents: null, payoutStatus: null, creditStatus: 'available' })
    expect(view.earnings).toEqual([{ currency: 'AUD', completedSessions: 1, hostShareCents: 1000, dueCents: 0, paidCents: 1000 }])

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
