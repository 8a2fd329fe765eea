import { beforeEach, describe, expect, it } from 'vitest'
import { errorBodySchema } from '../../shared/api/errorBody.ts'
import { sessionViewSchema, type SessionView } from '../../shared/api/session.ts'
import { parseCalcomDelivery } from '../../shared/calcom/payload.ts'
import { decodeJwt } from '../../shared/crypto/jwt.ts'
import { signSessionToken } from '../../shared/links/sessionLinks.ts'
import { applyBookingEvent } from '../../shared/sessions/applyBookingEvent.ts'
import { NO_LINKS } from '../../shared/sessions/bookingState.ts'
import type { Role } from '../../shared/sessions/sessionView.ts'
import { createLocalRoomProvider } from '../../supabase/functions/_shared/rooms/local/localRooms.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createSessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { createAirtableDirectory } from '../../supabase/functions/_shared/store/airtable/directory.ts'
import type { Directory } from '../../supabase/functions/_shared/store/directory.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createSessionHandler } from '../../supabase/functions/session/handler.ts'
import { readCalendar } from '../calendar/readCalendar.ts'
import { useAirtableMsw } from '../support/airtable/useAirtableMsw.ts'
import { calcomEvents } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()
const airtable = useAirtableMsw()
const SECRET = 'test-link-secret'
const APP = 'http://127.0.0.1:5173'
const PRE_SESSION = 'Hi {{memberName}}, {{hostName}} will see you soon.'
const POST_SESSION = 'Thanks {{memberName}}! Rebook: {{rebookUrl}}'

/** The handler's clock, fixed: every session below is booked relative to it. */
const NOW = new Date('2030-05-01T09:00:00Z')
const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString()
/** A 30-minute session starting `minutes` after NOW. */
const startingIn = (minutes: number) => ({ start: minutesFromNow(minutes), end: minutesFromNow(minutes + 30) })

function asEvent(body: unknown) {
  const parsed = parseCalcomDelivery(body)
  if (parsed.kind !== 'event') throw new Error(`not a booking event: ${JSON.stringify(parsed)}`)
  return parsed.event
}

describe('the session function', () => {
  const sessions = () => createSessionRepository(db.sql)
  const rooms = () => createLocalRoomProvider({ sql: db.sql, baseUrl: 'http://127.0.0.1:54321/local-daily', signingKey: 'test-room-key' })
  let syncs: string[]
  let handler: ReturnType<typeof createSessionHandler>

  const handlerWith = (directory: Directory) =>
    createSessionHandler({
      sessions: sessions(),
      directory,
      rooms: rooms(),
      linkSecret: SECRET,
      appUrl: APP,
      cancellationCutoffHours: 24,
      requestSync: (id) => syncs.push(id),
      log: silentLogger,
      now: () => NOW,
    })

  beforeEach(async () => {
    await db.reset()
    await db.sql`insert into templates (name, body) values ('Pre-Session Reminder', ${PRE_SESSION}), ('Post-Session Thank You', ${POST_SESSION})`
    syncs = []
    handler = handlerWith(createPostgresDirectory(db.sql))
  })

  /** A booked session with its room, as Cal.com's BOOKING_CREATED and the room sync leave it. */
  async function book(uid: string, times: { start: string; end: string }) {
    const event = asEvent(calcomEvents.created({ uid, ...times }))
    const { session } = await sessions().apply([uid], (state) => applyBookingEvent(state, event, NO_LINKS))
    const room = await rooms().ensureRoom({ name: session.roomName, nbf: new Date(times.start), exp: new Date(times.end) })
    await sessions().recordRoom(session.id, { status: 'Active', url: room.url, nbf: room.nbf, exp: room.exp })
    return (await sessions().get(session.id))!
  }
  const token = (sessionId: string, role: Role) => signSessionToken(SECRET, sessionId, role)
  const get = (params: Record<string, string>, origin = APP) =>
    handler(new Request(`http://localhost/functions/v1/session?${new URLSearchParams(params)}`, { headers: { origin } }))
  const post = (body: unknown) => handler(new Request('http://localhost/functions/v1/session', { method: 'POST', body: JSON.stringify(body) }))
  /** Every answer with a session is a view the SPA can parse. */
  const viewOf = async (response: Response): Promise<SessionView> => sessionViewSchema.parse(await response.json())
  const errorOf = async (response: Response) => errorBodySchema.parse(await response.json())
  async function writes() {
    const [row] = await db.sql`select count(*)::int as sessions, coalesce(sum(state_version), 0)::int as versions from sessions`
    return { ...row, syncs: syncs.length }
  }

  it('shows a member the session in the join window, with a guest meeting token that lasts until the room closes', async () => {
    // 09:10-09:40: the window opened at 08:55 and the room closes at 09:50; the clock says 09:00.
    const session = await book('bk-open', startingIn(10))
    const response = await get({ bookingId: 'bk-open', userType: 'member', token: await token(session.id, 'member') })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
    const view = await viewOf(response)
    expect(view).toMatchObject({ bookingId: 'bk-open', role: 'member', bookingStatus: 'Created', roomStatus: 'Active', hostName: 'Jane Rivers' })
    expect(view.joinWindow).toEqual({ opensAt: '2030-05-01T08:55:00.000Z', closesAt: '2030-05-01T09:50:00.000Z', state: 'open' })
    expect(view.prompts.preSession).toBe('Hi Max Member, Jane Rivers will see you soon.')
    expect(view.join).toMatchObject({ provider: 'local', expiresAt: '2030-05-01T09:50:00.000Z' })
    const claims = decodeJwt(view.join!.token)!.payload
    expect(claims).toMatchObject({ r: session.roomName, o: false, u: 'Max Member' })
    expect(claims.exp).toBe(Date.parse('2030-05-01T09:50:00Z') / 1000)
  })

  it('gives the host an owner token', async () => {
    const session = await book('bk-host', startingIn(5))
    const view = await viewOf(await get({ bookingId: 'bk-host', userType: 'host', token: await token(session.id, 'host') }))
    expect(decodeJwt(view.join!.token)!.payload).toMatchObject({ o: true, u: 'Jane Rivers' })
  })

  it('before the window: the view and when it opens, no room URL or token', async () => {
    // Starts at 11:00: the window opens at 10:45, an hour and three quarters from now.
    const session = await book('bk-later', startingIn(120))
    const view = await viewOf(await get({ bookingId: 'bk-later', userType: 'member', token: await token(session.id, 'member') }))
    expect(view.joinWindow).toMatchObject({ opensAt: '2030-05-01T10:45:00.000Z', state: 'before' })
    expect(view.serverTime).toBe(NOW.toISOString())
    expect(view.join).toBeNull()
    expect(JSON.stringify(view)).not.toContain('local-daily')
  })

  it('a link with the uid from before a reschedule still works and lands on the new time', async () => {
    const a = startingIn(60)
    const b = startingIn(60 * 24)
    const session = await book('bk-a', a)
    const moved = asEvent(calcomEvents.rescheduled({ uid: 'bk-b', ...b, previousUid: 'bk-a', previousStart: a.start, previousEnd: a.end }))
    await sessions().apply(['bk-b', 'bk-a'], (state) => applyBookingEvent(state, moved, NO_LINKS))
    const view = await viewOf(await get({ bookingId: 'bk-a', userType: 'member', token: await token(session.id, 'member') }))
    expect(view).toMatchObject({ bookingId: 'bk-b', start: b.start })
  })

  describe('the calendar invite (format=ics)', () => {
    const invite = async (params: Record<string, string>) => {
      const response = await get({ ...params, format: 'ics' })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="presence-session.ics"')
      return readCalendar(await response.text())
    }

    it("gives each side a calendar with the other's name, their own link, the UTC times and their zone", async () => {
      const session = await book('bk-ics', startingIn(120))
      const memberToken = await token(session.id, 'member')
      const member = await invite({ bookingId: 'bk-ics', userType: 'member', token: memberToken })
      const memberLink = `${APP}/video-session?bookingId=bk-ics&userType=member&token=${encodeURIComponent(memberToken)}`
      expect(member).toMatchObject({
        uid: `${session.id}@presence`,
        summary: 'Presence session with Jane Rivers',
        status: 'CONFIRMED',
        start: '2030-05-01T11:00:00.000Z',
        end: '2030-05-01T11:30:00.000Z',
        startIsUtc: true,
        timeZone: 'Australia/Sydney',
        url: memberLink,
      })
      expect(member.description).toContain(memberLink)
      const host = await invite({ bookingId: 'bk-ics', userType: 'host', token: await token(session.id, 'host') })
      expect(host).toMatchObject({ uid: member.uid, summary: 'Presence session with Max Member', url: expect.stringContaining('userType=host') })
      expect(host.description).not.toContain(memberToken)
    })

    it('a reschedule keeps the UID and raises SEQUENCE; the old link gets the new time', async () => {
      const a = startingIn(60)
      const b = startingIn(60 * 24)
      const session = await book('bk-ra', a)
      const link = { bookingId: 'bk-ra', userType: 'member', token: await token(session.id, 'member') }
      const before = await invite(link)
      const moved = asEvent(calcomEvents.rescheduled({ uid: 'bk-rb', ...b, previousUid: 'bk-ra', previousStart: a.start, previousEnd: a.end }))
      await sessions().apply(['bk-rb', 'bk-ra'], (state) => applyBookingEvent(state, moved, NO_LINKS))
      const after = await invite(link)
      expect(after.uid).toBe(before.uid)
      expect(after.sequence).toBeGreaterThan(before.sequence)
      expect(after).toMatchObject({ start: b.start, url: expect.stringContaining('bookingId=bk-rb') })
    })

    it('a cancelled session is a cancelled event with the same UID and a higher SEQUENCE', async () => {
      const times = startingIn(120)
      const session = await book('bk-cx', times)
      const link = { bookingId: 'bk-cx', userType: 'member', token: await token(session.id, 'member') }
      const booked = await invite(link)
      const cancel = asEvent(calcomEvents.cancelled({ uid: 'bk-cx', ...times, createdAt: '2030-05-01T08:59:00Z' }, { reason: 'Host is ill' }))
      await sessions().apply(['bk-cx'], (state) => applyBookingEvent(state, cancel, NO_LINKS))
      const cancelled = await invite(link)
      expect(cancelled).toMatchObject({ uid: booked.uid, status: 'CANCELLED', summary: 'Cancelled: Presence session with Jane Rivers' })
      expect(cancelled.sequence).toBeGreaterThan(booked.sequence)
      expect(cancelled.description).toContain('Host is ill')
    })

    it('is refused exactly as the view is, and writes nothing', async () => {
      const session = await book('bk-icsx', startingIn(5))
      const old = await book('bk-icso', startingIn(-180))
      const before = await writes()
      const cases: [Record<string, string>, number, string][] = [
        [{ bookingId: 'bk-icsx', userType: 'member', token: await token(session.id, 'host') }, 403, 'invalid_link'],
        [{ bookingId: 'bk-icsx', userType: 'host', token: await token(session.id, 'member') }, 403, 'invalid_link'],
        [{ bookingId: 'bk-icsx', userType: 'member' }, 403, 'invalid_link'],
        [{ bookingId: 'bk-icso', userType: 'member', token: await token(old.id, 'member') }, 403, 'link_expired'],
        [{ bookingId: 'no-such-booking', userType: 'member', token: 'v1.x' }, 404, 'not_found'],
      ]
      for (const [params, status, code] of cases) {
        const asView = await get(params)
        const asInvite = await get({ ...params, format: 'ics' })
        expect([asInvite.status, (await errorOf(asInvite)).error]).toEqual([status, code])
        expect(asView.status).toBe(status)
        expect(asInvite.headers.get('content-type')).not.toContain('calendar')
      }
      const unknownFormat = await get({ bookingId: 'bk-icsx', userType: 'member', token: await token(session.id, 'member'), format: 'pdf' })
      expect(unknownFormat.status).toBe(400)
      expect(await errorOf(unknownFormat)).toMatchObject({ error: 'invalid_request', message: 'format, when given, must be ics' })
      expect(await writes()).toEqual(before)
    })
  })

  describe('refuses, with a clear message and no change to any record', () => {
    it.each([
      ["the host's token used as a member", 'host', 'member'],
      ["the member's token used as a host", 'member', 'host'],
    ] as const)('%s', async (_name, signedAs, usedAs) => {
      const session = await book('bk-roles', startingIn(5))
      const before = await writes()
      const response = await get({ bookingId: 'bk-roles', userType: usedAs, token: await token(session.id, signedAs) })
      expect(response.status).toBe(403)
      expect(await errorOf(response)).toMatchObject({ error: 'invalid_link', message: expect.stringMatching(/not valid/) })
      const join = await post({ action: 'joined', bookingId: 'bk-roles', userType: usedAs, token: await token(session.id, signedAs) })
      expect(join.status).toBe(403)
      expect(await writes()).toEqual(before)
    })

    it("booking A's token on booking B", async () => {
      const a = await book('bk-A', startingIn(5))
      await book('bk-B', startingIn(6))
      const before = await writes()
      const response = await get({ bookingId: 'bk-B', userType: 'member', token: await token(a.id, 'member') })
      expect(response.status).toBe(403)
      const rate = await post({ action: 'rate', bookingId: 'bk-B', userType: 'member', token: await token(a.id, 'member'), stars: 1 })
      expect(rate.status).toBe(403)
      expect(await writes()).toEqual(before)
    })

    it('an expired link: two hours after the end it no longer opens the page', async () => {
      // Ended at 06:30; links work until 08:30.
      const session = await book('bk-old', startingIn(-180))
      const response = await get({ bookingId: 'bk-old', userType: 'member', token: await token(session.id, 'member') })
      expect(response.status).toBe(403)
      expect(await errorOf(response)).toMatchObject({ error: 'link_expired' })
    })

    it('a missing token, a missing role, an unknown booking', async () => {
      await book('bk-x', startingIn(5))
      expect((await get({ bookingId: 'bk-x', userType: 'member' })).status).toBe(403)
      expect((await get({ bookingId: 'bk-x', userType: 'admin', token: 'v1.x' })).status).toBe(400)
      const unknown = await get({ bookingId: 'no-such-booking', userType: 'member', token: 'v1.x' })
      expect(unknown.status).toBe(404)
      expect(await errorOf(unknown)).toEqual({ error: 'not_found', message: 'No session was found for this booking' })
    })

    it('a POST from a browser with a malformed body', async () => {
      const response = await handler(new Request('http://localhost/session', { method: 'POST', body: '{"action":"joined"' }))
      expect(response.status).toBe(400)
      expect(await errorOf(response)).toMatchObject({ error: 'invalid_json' })
    })

    it('a body over 16 KiB', async () => {
      const response = await post({ action: 'rate', bookingId: 'bk-x', userType: 'member', token: 'v1.x', stars: 5, comment: 'x'.repeat(17 * 1024) })
      expect(response.status).toBe(413)
      expect(await errorOf(response)).toMatchObject({ error: 'payload_too_large' })
    })

    it('a method other than GET and POST, saying which it takes', async () => {
      const response = await handler(new Request('http://localhost/session', { method: 'PUT', body: '{}' }))
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('GET, POST')
      expect(await errorOf(response)).toMatchObject({ error: 'method_not_allowed' })
    })
  })

  describe('with the Airtable directory behind it, a uid full of formula characters', () => {
    const uid = `x' & {Booking Status} = 'Created' & "\\}{)(,`

    function airtableHandler() {
      const formulas: string[] = []
      const { standIn, client } = airtable.open({
        client: {
          fetch: (input, init) => {
            const formula = new URL(String(input instanceof Request ? input.url : input)).searchParams.get('filterByFormula')
            if (formula !== null) formulas.push(formula)
            return fetch(input, init)
          },
        },
      })
      standIn.insert('Templates', { Name: 'Pre-Session Reminder', Body: 'From Airtable: see you soon, {{memberName}}.' })
      standIn.insert('Templates', { Name: 'Post-Session Thank You', Body: 'From Airtable: thank you.' })
      return { standIn, formulas, handler: handlerWith(createAirtableDirectory({ client })) }
    }

    it('is found exactly in Postgres; Airtable is asked only for the two templates, by name, and never sees it', async () => {
      const session = await book(uid, startingIn(120))
      const hostile = airtableHandler()
      const before = await writes()
      const response = await hostile.handler(
        new Request(`http://localhost/session?${new URLSearchParams({ bookingId: uid, userType: 'member', token: await token(session.id, 'member') })}`),
      )
      expect(response.status).toBe(200)
      const view = await viewOf(response)
      expect(view.bookingId).toBe(uid)
      expect(view.prompts.preSession).toBe('From Airtable: see you soon, Max Member.')
      expect(hostile.formulas.sort()).toEqual(['{Name}="Post-Session Thank You"', '{Name}="Pre-Session Reminder"'])
      expect(hostile.standIn.requestLog).toHaveLength(2)
      expect(await writes()).toEqual(before)
    })

    it('unknown: 404 before Airtable is asked anything, and nothing written', async () => {
      const hostile = airtableHandler()
      const before = await writes()
      const response = await hostile.handler(new Request(`http://localhost/session?${new URLSearchParams({ bookingId: uid, userType: 'member', token: 'v1.x' })}`))
      expect(response.status).toBe(404)
      expect(hostile.standIn.requestLog).toEqual([])
      expect(await writes()).toEqual(before)
    })
  })

  it('records a join once, when reported, and asks for the record to show it', async () => {
    const session = await book('bk-join', startingIn(5))
    const link = { bookingId: 'bk-join', userType: 'member', token: await token(session.id, 'member') }
    const first = await post({ action: 'joined', ...link })
    expect(first.status).toBe(200)
    expect((await viewOf(first)).joined).toEqual({ host: false, member: true })
    expect(syncs).toEqual([session.id])
    const version = (await sessions().get(session.id))!.stateVersion
    const again = await post({ action: 'joined', ...link })
    expect((await viewOf(again)).joined).toEqual({ host: false, member: true })
    expect((await sessions().get(session.id))!.stateVersion).toBe(version)
    expect(syncs).toEqual([session.id])
  })

  it('refuses a join outside the window (409) and records nothing', async () => {
    const session = await book('bk-early', startingIn(120))
    const response = await post({ action: 'joined', bookingId: 'bk-early', userType: 'host', token: await token(session.id, 'host') })
    expect(response.status).toBe(409)
    expect(await errorOf(response)).toMatchObject({ error: 'not_joinable' })
    expect((await sessions().get(session.id))!.hostJoinedAt).toBeNull()
    expect(syncs).toEqual([])
  })

  it('stores a rating with its comment, and refuses a bad one naming what is wrong', async () => {
    const session = await book('bk-rate', startingIn(-20))
    const link = { bookingId: 'bk-rate', userType: 'member', token: await token(session.id, 'member') }
    const tooMany = await post({ action: 'rate', ...link, stars: 6 })
    expect(tooMany.status).toBe(400)
    expect((await errorOf(tooMany)).message).toMatch(/stars/)
    const response = await post({ action: 'rate', ...link, stars: 5, comment: '  Really helpful  ' })
    expect((await viewOf(response)).rating).toEqual({ stars: 5, comment: 'Really helpful' })
    expect(await sessions().get(session.id)).toMatchObject({ memberRating: 5, memberComment: 'Really helpful', hostRating: null })
    expect(syncs).toEqual([session.id])
  })

  it('answers a preflight only for the SPA origin', async () => {
    const ok = await handler(new Request('http://localhost/session', { method: 'OPTIONS', headers: { origin: APP } }))
    expect(ok.status).toBe(204)
    const other = await handler(new Request('http://localhost/session', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }))
    expect(other.status).toBe(403)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })
})
