import { beforeEach, describe, expect, it } from 'vitest'
import { parseCalcomDelivery } from '../../shared/calcom/payload.ts'
import { useTestDatabase } from '../support/database.ts'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { CALCOM_SECRET, insertHost, localCalendarOn, readEmbedCoreScript } from './localCalendarSetup.ts'

const db = useTestDatabase()
// Friday 1 March 2030, 11:00 in Sydney: slots run to Friday 15 March.
const NOW = new Date('2030-03-01T00:00:00Z')
const MONDAY_9AM = '2030-03-03T22:00:00.000Z' // Monday 4 March 09:00 AEDT
const MONDAY_930 = '2030-03-03T22:30:00.000Z'
const ORIGIN = 'http://127.0.0.1:54321'
const BOOKING_QUERY =
  'embed=&name=Max+Member&email=max%40presence.example&attendeePhoneNumber=%2B61400000009&metadata%5BmemberId%5D=member-1&metadata%5BsessionId%5D=paid-1'

function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() }
}

const MAX = { name: 'Max Member', email: 'max@presence.example', attendeePhoneNumber: '+61400000009', timeZone: 'Australia/Sydney' }

/** The JSON the bridge script reads: the embed events the page posts. */
function pageData(html: string): { events: { type: string; data: Record<string, unknown> }[]; failed?: number } {
  const match = /<script type="application\/json" id="cal-page">(.*?)<\/script>/s.exec(html)
  if (!match) throw new Error('page has no cal-page data')
  return JSON.parse(match[1]!)
}

function offeredStarts(html: string): string[] {
  return [...html.matchAll(/name="start" value="([^"]+)"/g)].map((match) => match[1]!)
}

async function counts() {
  const [row] = await db.sql<{ bookings: number; webhooks: number; deliveries: number }[]>`
    select (select count(*)::int from local_calendar_bookings) as bookings,
           (select count(*)::int from local_calendar_webhooks) as webhooks,
           (select count(*)::int from webhook_deliveries) as deliveries`
  return row!
}

async function recordedBodies(): Promise<Record<string, any>[]> {
  const rows = await db.sql<{ raw_body: string }[]>`select raw_body from webhook_deliveries order by id`
  return rows.map((row) => JSON.parse(row.raw_body))
}

describe('local Cal.com stand-in', () => {
  let calendar: ReturnType<typeof localCalendarOn>
  let hostId: string
  const call = (path: string, init?: RequestInit) => calendar.handler(new Request(`${ORIGIN}${path}`, init))

  async function book(start = MONDAY_9AM, fields: Record<string, string> = MAX): Promise<{ uid: string; location: string }> {
    const response = await call(`/local-cal/jane-rivers/session/embed?${BOOKING_QUERY}`, form({ start, ...fields }))
    expect(response.status).toBe(303)
    const location = response.headers.get('location')!
    return { uid: decodeURIComponent(/\/booking\/([^/?]+)/.exec(location)![1]!), location }
  }

  beforeEach(async () => {
    await db.reset()
    hostId = await insertHost(db.sql)
    calendar = localCalendarOn(db.sql, { now: () => NOW })
  })

  it('serves embed-core’s own embed.js', async () => {
    const response = await call('/local-cal/embed/embed.js')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(await response.text()).toBe(await readEmbedCoreScript())
  })

  it('shows the host’s free times and the prefilled details, labelled as the local stand-in', async () => {
    const response = await call(`/local-cal/jane-rivers/session/embed?${BOOKING_QUERY}`)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Presence local stand-in for Cal.com')
    expect(html).toContain('Book a session with Jane Rivers')
    expect(html).toContain('value="Max Member"')
    expect(html).toContain('value="max@presence.example"')
    expect(html).toContain('value="+61400000009"')
    const starts = offeredStarts(html)
    expect(starts[0]).toBe('2030-03-01T00:30:00.000Z')
    expect(starts).toContain(MONDAY_9AM)
    expect(starts).toHaveLength(11 + 9 * 16 + 4)
    expect(response.headers.get('content-security-policy')).toContain('frame-ancestors http://127.0.0.1:5173')
    // The host's own link in the Hosts table may be typed as a full URL or in another case.
    await db.sql`update hosts set cal_link = 'https://cal.com/Jane-Rivers/Session/' where id = ${hostId}`
    expect((await call('/local-cal/jane-rivers/session')).status).toBe(200)
  })

  it('uses the host’s own weekly hours when the stand-in has them', async () => {
    await db.sql`insert into local_calendar_schedules (cal_link, weekly_hours) values ('jane-rivers/session', ${db.sql.json({ monday: [['09:00', '10:00']] })})`
    const starts = offeredStarts(await (await call('/local-cal/jane-rivers/session')).text())
    expect(starts).toEqual([MONDAY_9AM, MONDAY_930, '2030-03-10T22:00:00.000Z', '2030-03-10T22:30:00.000Z'])
  })

  it('an unknown link is a 404 page that tells the embed the link failed', async () => {
    const response = await call('/local-cal/nobody/session/embed?embed=')
    expect(response.status).toBe(404)
    const html = await response.text()
    expect(pageData(html)).toEqual({ events: [], failed: 404 })
    expect(html).toContain('No host takes bookings at nobody/session')
    await db.sql`update hosts set status = 'Inactive' where id = ${hostId}`
    expect((await call('/local-cal/jane-rivers/session')).status).toBe(404)
  })

  it('a booking posts a signed BOOKING_CREATED that calcom-webhook-handler accepts and records, then the page fires bookingSuccessfulV2', async () => {
    const { uid, location } = await book()
    expect(location).toBe(`/local-cal/booking/${uid}/embed?embed=&event=booked`)
    expect(uid).toMatch(/^[A-Za-z0-9]{22}$/)
    expect(calendar.delivered).toHaveLength(1)
    expect(calendar.delivered[0]!.status).toBe(200)
    expect(await calendar.delivered[0]!.json()).toMatchObject({ status: 'accepted' })

    const [delivery] = await db.sql<{ status: string; booking_id: string; event_type: string; raw_body: string; signature: string }[]>`
      select status, booking_id, event_type, raw_body, signature from webhook_deliveries`
    expect(delivery).toMatchObject({ status: 'pending', booking_id: uid, event_type: 'BOOKING_CREATED' })
    expect(delivery!.signature).toBe(await signCalcomBody(CALCOM_SECRET, delivery!.raw_body))
    const body = JSON.parse(delivery!.raw_body)
    expect(body.payload).toMatchObject({
      uid,
      startTime: MONDAY_9AM,
      endTime: MONDAY_930,
      status: 'ACCEPTED',
      organizer: { name: 'Jane Rivers', email: 'jane@presence.example', timeZone: 'Australia/Sydney' },
      attendees: [{ name: 'Max Member', email: 'max@presence.example', phoneNumber: '+61400000009', timeZone: 'Australia/Sydney' }],
      metadata: { memberId: 'member-1', sessionId: 'paid-1' },
    })
    const parsed = parseCalcomDelivery(body)
    expect(parsed.kind).toBe('event')
    if (parsed.kind !== 'event') return
    expect(parsed.event).toMatchObject({
      trigger: 'BOOKING_CREATED',
      bookingId: uid,
      start: MONDAY_9AM,
      end: MONDAY_930,
      organizer: { email: 'jane@presence.example' },
      attendee: { name: 'Max Member', email: 'max@presence.example', phone: '+61400000009' },
      claimedMemberId: 'member-1',
    })

    const success = await call(location)
    const html = await success.text()
    expect(html).toContain('This session is scheduled')
    expect(html).toContain('BOOKING_CREATED: delivered to Presence (200)')
    const [v2, legacy] = pageData(html).events
    expect(v2).toEqual({
      type: 'bookingSuccessfulV2',
      data: {
        uid,
        title: 'Session between Jane Rivers and Max Member',
        startTime: MONDAY_9AM,
        endTime: MONDAY_930,
        eventTypeId: body.payload.eventTypeId,
        status: 'ACCEPTED',
        paymentRequired: false,
        isRecurring: false,
      },
    })
    expect(legacy).toMatchObject({ type: 'bookingSuccessful', data: { booking: { uid }, date: MONDAY_9AM, duration: 30, confirmed: true } })
    // The same page opened later (Cal.com's link) fires nothing.
    expect(pageData(await (await call(`/local-cal/booking/${uid}`)).text()).events).toEqual([])
  })

  it('a slot cannot be booked twice, even by two requests at once', async () => {
    await book()
    const again = await call(`/local-cal/jane-rivers/session?${BOOKING_QUERY}`, form({ start: MONDAY_9AM, ...MAX }))
    expect(again.status).toBe(409)
    const html = await again.text()
    expect(html).toContain('That time has just been booked by someone else')
    expect(offeredStarts(html)).not.toContain(MONDAY_9AM)
    expect(html).toContain('value="Max Member"')

    const racing = await Promise.all([0, 1].map(() => call(`/local-cal/jane-rivers/session?${BOOKING_QUERY}`, form({ start: MONDAY_930, ...MAX }))))
    expect(racing.map((response) => response.status).sort()).toEqual([303, 409])
    expect(await counts()).toEqual({ bookings: 2, webhooks: 2, deliveries: 2 })
  })

  it.each([
    ['no name', { ...MAX, name: ' ' }, 'Enter your name'],
    ['a bad email', { ...MAX, email: 'max-at-example' }, 'Enter a valid email address'],
    ['a phone not in international format', { ...MAX, attendeePhoneNumber: '0400 000 009' }, 'international format'],
    ['an unknown time zone', { ...MAX, timeZone: 'Mars/Olympus' }, 'timeZone is not a time zone'],
  ])('bad input (%s) is a 400 with a clear message and writes nothing', async (_case, fields, message) => {
    const response = await call(`/local-cal/jane-rivers/session?${BOOKING_QUERY}`, form({ start: MONDAY_9AM, ...fields }))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(message)
    expect(await counts()).toEqual({ bookings: 0, webhooks: 0, deliveries: 0 })
  })

  it.each([
    ['no time chosen', '', 'Choose a time'],
    ['a time outside the host’s hours', '2030-03-02T01:00:00.000Z', 'not one of Jane Rivers'],
    ['a time in the past', '2030-02-28T22:00:00.000Z', 'not one of Jane Rivers'],
    ['a time off the half-hour grid', '2030-03-03T22:10:00.000Z', 'not one of Jane Rivers'],
  ])('a start that is not offered (%s) is a 400 and writes nothing', async (_case, start, message) => {
    const response = await call(`/local-cal/jane-rivers/session?${BOOKING_QUERY}`, form({ ...MAX, start }))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain(message)
    expect(await counts()).toEqual({ bookings: 0, webhooks: 0, deliveries: 0 })
  })

  it('too much metadata is a 400 and writes nothing', async () => {
    const query = Array.from({ length: 21 }, (_, i) => `metadata%5Bk${i}%5D=v`).join('&')
    const response = await call(`/local-cal/jane-rivers/session?${query}`, form({ start: MONDAY_9AM, ...MAX }))
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('at most 20 metadata entries')
    expect(await counts()).toEqual({ bookings: 0, webhooks: 0, deliveries: 0 })
  })

  it('the member cancels: a signed BOOKING_CANCELLED with their email as cancelledBy and the reason; twice changes nothing', async () => {
    const { uid } = await book()
    const response = await call(`/local-cal/booking/${uid}/embed?embed=`, form({ action: 'cancel', cancellationReason: 'Something came up' }))
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(`/local-cal/booking/${uid}/embed?embed=&event=cancelled`)
    const cancelled = (await recordedBodies())[1]!
    expect(cancelled.triggerEvent).toBe('BOOKING_CANCELLED')
    expect(cancelled.payload).toMatchObject({ uid, status: 'CANCELLED', cancellationReason: 'Something came up', cancelledBy: 'max@presence.example' })
    expect(cancelled.payload).not.toHaveProperty('metadata')
    const parsed = parseCalcomDelivery(cancelled)
    expect(parsed).toMatchObject({ kind: 'event', event: { trigger: 'BOOKING_CANCELLED', bookingId: uid, reason: 'Something came up' } })

    const page = await (await call(response.headers.get('location')!)).text()
    expect(page).toContain('This session is cancelled')
    expect(pageData(page).events).toMatchObject([{ type: 'bookingCancelled', data: { booking: { uid, status: 'CANCELLED' } } }])

    const twice = await call(`/local-cal/booking/${uid}`, form({ action: 'cancel', cancellationReason: 'again' }))
    expect(twice.status).toBe(409)
    expect(await twice.text()).toContain('This session was cancelled')
    expect(await counts()).toMatchObject({ webhooks: 2, deliveries: 2 })
    // The slot is free again.
    expect(offeredStarts(await (await call('/local-cal/jane-rivers/session')).text())).toContain(MONDAY_9AM)
  })

  it('the host cancels (?as=host): cancelledBy is the organizer’s email', async () => {
    const { uid } = await book()
    const response = await call(`/local-cal/booking/${uid}?as=host`, form({ action: 'cancel' }))
    expect(response.headers.get('location')).toBe(`/local-cal/booking/${uid}?as=host&event=cancelled`)
    const cancelled = (await recordedBodies())[1]!
    expect(cancelled.payload).toMatchObject({ cancelledBy: 'jane@presence.example', cancellationReason: null })
  })

  it('rescheduling posts BOOKING_RESCHEDULED with a new uid, the old one as rescheduleUid, its times, and the metadata kept', async () => {
    const { uid: oldUid } = await book()
    const page = await (await call(`/local-cal/reschedule/${oldUid}/embed?embed=`)).text()
    expect(page).toContain('Reschedule your session with Jane Rivers')
    expect(offeredStarts(page)).not.toContain(MONDAY_9AM)

    const response = await call(`/local-cal/reschedule/${oldUid}/embed?embed=`, form({ start: MONDAY_930 }))
    expect(response.status).toBe(303)
    const newUid = decodeURIComponent(/\/booking\/([^/?]+)/.exec(response.headers.get('location')!)![1]!)
    expect(newUid).not.toBe(oldUid)
    const moved = (await recordedBodies())[1]!
    expect(moved.triggerEvent).toBe('BOOKING_RESCHEDULED')
    expect(moved.payload).toMatchObject({
      uid: newUid,
      rescheduleUid: oldUid,
      startTime: MONDAY_930,
      rescheduleStartTime: MONDAY_9AM,
      rescheduleEndTime: MONDAY_930,
      metadata: { memberId: 'member-1', sessionId: 'paid-1' },
      attendees: [{ email: 'max@presence.example' }],
    })
    expect(parseCalcomDelivery(moved)).toMatchObject({ kind: 'event', event: { trigger: 'BOOKING_RESCHEDULED', bookingId: newUid, previousBookingId: oldUid, start: MONDAY_930 } })

    const success = pageData(await (await call(response.headers.get('location')!)).text())
    expect(success.events.map((event) => event.type)).toEqual(['rescheduleBookingSuccessfulV2', 'rescheduleBookingSuccessful'])
    expect(success.events[0]!.data).toMatchObject({ uid: newUid, startTime: MONDAY_930 })
    // The old booking cannot be moved again, and its slot is free.
    expect((await call(`/local-cal/reschedule/${oldUid}`)).status).toBe(409)
    expect(offeredStarts(await (await call('/local-cal/jane-rivers/session')).text())).toContain(MONDAY_9AM)
  })

  it('rescheduling onto a taken slot is a 409 that leaves the booking where it was', async () => {
    const { uid } = await book(MONDAY_9AM)
    await book(MONDAY_930, { ...MAX, name: 'Another Member', email: 'another@presence.example' })
    const response = await call(`/local-cal/reschedule/${uid}`, form({ start: MONDAY_930 }))
    expect(response.status).toBe(409)
    const [row] = await db.sql<{ status: string; start_time: Date }[]>`select status, start_time from local_calendar_bookings where uid = ${uid}`
    expect(row).toEqual({ status: 'accepted', start_time: new Date(MONDAY_9AM) })
    expect(await counts()).toEqual({ bookings: 2, webhooks: 2, deliveries: 2 })
  })

  it('a webhook Presence did not take is kept and shown, and the booking stands', async () => {
    calendar = localCalendarOn(db.sql, { now: () => NOW, webhookAnswer: () => new Response('upstream down', { status: 503 }) })
    const { location } = await book()
    const html = await (await call(location)).text()
    expect(html).toContain('BOOKING_CREATED: <strong>not delivered: answered 503: upstream down</strong>')
    expect(html).toContain('Send again')
    const [hook] = await db.sql<{ response_status: number; error: string }[]>`select response_status, error from local_calendar_webhooks`
    expect(hook).toEqual({ response_status: 503, error: 'answered 503: upstream down' })
    expect(await counts()).toEqual({ bookings: 1, webhooks: 1, deliveries: 0 })

    calendar = localCalendarOn(db.sql, { now: () => NOW, webhookAnswer: () => Promise.reject(new TypeError('fetch failed')) })
    await book(MONDAY_930)
    const [, failed] = await db.sql<{ response_status: number | null; error: string }[]>`select response_status, error from local_calendar_webhooks order by id`
    expect(failed).toEqual({ response_status: null, error: 'fetch failed' })
  })

  it('Send again delivers the very same body once; a second try, or two at once, doubles nothing', async () => {
    calendar = localCalendarOn(db.sql, { now: () => NOW, webhookAnswer: () => new Response('upstream down', { status: 503 }) })
    const { uid } = await book()
    const [queued] = await db.sql<{ id: number; body: string }[]>`select id::int as id, body from local_calendar_webhooks`
    const { id: webhookId, body } = queued!
    calendar = localCalendarOn(db.sql, { now: () => NOW })
    const resend = () => call(`/local-cal/booking/${uid}/embed?embed=&event=booked`, form({ action: 'resend', webhook: String(webhookId) }))
    const [first, second] = await Promise.all([resend(), resend()])
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe(`/local-cal/booking/${uid}/embed?embed=`)
    // The second either went out too, before the first answer was kept (and the inbox, which
    // knows the body, counts it as a duplicate), or was told the first had arrived.
    expect([303, 409]).toContain(second.status)
    const deliveries = await db.sql<{ raw_body: string }[]>`select raw_body from webhook_deliveries`
    expect(deliveries).toEqual([{ raw_body: body }])
    expect(await (await call(`/local-cal/booking/${uid}`)).text()).toContain('BOOKING_CREATED: delivered to Presence (200)')

    const late = await resend()
    expect(late.status).toBe(409)
    expect(await late.text()).toContain('Presence took this webhook already')
    expect(await counts()).toEqual({ bookings: 1, webhooks: 1, deliveries: 1 })
  })

  it('a crash between the booking and its POST loses nothing: the webhook waits, written, to be sent', async () => {
    const { uid } = await book()
    // What a process killed after the commit leaves: the webhook row, never posted.
    await db.sql`update local_calendar_webhooks set sent_at = null, response_status = null, error = null`
    await db.sql`delete from webhook_deliveries`
    const html = await (await call(`/local-cal/booking/${uid}`)).text()
    expect(html).toContain('BOOKING_CREATED: <strong>not sent yet</strong>')
    const [queued] = await db.sql<{ id: number }[]>`select id::int as id from local_calendar_webhooks`
    expect((await call(`/local-cal/booking/${uid}`, form({ action: 'resend', webhook: String(queued!.id) }))).status).toBe(303)
    expect(await counts()).toEqual({ bookings: 1, webhooks: 1, deliveries: 1 })
  })

  it('a booking page POST with neither button, or another booking’s webhook, is refused', async () => {
    const { uid } = await book()
    const { uid: other } = await book(MONDAY_930)
    const [othersWebhook] = await db.sql<{ id: number }[]>`select id::int as id from local_calendar_webhooks where booking_uid = ${other}`
    const neither = await call(`/local-cal/booking/${uid}`, form({ cancellationReason: 'no action' }))
    expect(neither.status).toBe(400)
    expect(await neither.text()).toContain('Choose Cancel session or Send again')
    expect((await call(`/local-cal/booking/${uid}`, form({ action: 'resend', webhook: String(othersWebhook!.id) }))).status).toBe(404)
    const [row] = await db.sql<{ status: string }[]>`select status from local_calendar_bookings where uid = ${uid}`
    expect(row!.status).toBe('accepted')
  })

  it('unknown bookings are 404, other methods 405', async () => {
    expect((await call('/local-cal/booking/no-such-uid')).status).toBe(404)
    expect((await call('/local-cal/reschedule/no-such-uid', form({ start: MONDAY_9AM }))).status).toBe(404)
    const put = await call('/local-cal/jane-rivers/session', { method: 'PUT' })
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST')
  })
})
