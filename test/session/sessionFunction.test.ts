import { beforeEach, describe, expect, it } from 'vitest'
import { decodeJwt } from '../../shared/crypto/jwt.ts'
import { roomClosesAt } from '../../shared/domain/sessionTimes.ts'
import { signSessionToken } from '../../shared/links/sessionLinks.ts'
import type { Role, SessionView } from '../../shared/sessions/sessionView.ts'
import { syncSession } from '../../supabase/functions/_shared/pipeline/syncSession.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createAirtableDirectory } from '../../supabase/functions/_shared/store/airtable/directory.ts'
import { createSessionHandler } from '../../supabase/functions/session/handler.ts'
import { useAirtableMsw } from '../support/airtable/useAirtableMsw.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook } from '../support/pipeline.ts'

const db = useTestDatabase()
const airtable = useAirtableMsw()
const SECRET = 'test-link-secret'
const APP = 'http://127.0.0.1:5173'

describe('the session function', () => {
  let pipeline: ReturnType<typeof createTestPipeline>
  let handler: ReturnType<typeof createSessionHandler>
  let syncs: Promise<unknown>[]
  let clock: Date | undefined

  beforeEach(async () => {
    await db.reset()
    await db.sql`insert into templates (name, body) values
      ('Pre-Session Reminder', 'Hi {{memberName}}, {{hostName}} will see you soon.'),
      ('Post-Session Thank You', 'Thanks {{memberName}}! Rebook: {{rebookUrl}}')`
    pipeline = createTestPipeline(db)
    syncs = []
    clock = undefined
    handler = createSessionHandler({
      sessions: pipeline.sessions,
      directory: pipeline.directory,
      rooms: pipeline.rooms,
      linkSecret: SECRET,
      appUrl: APP,
      requestSync: (id) => syncs.push(syncSession(pipeline, id)),
      log: silentLogger,
      now: () => clock ?? new Date(),
    })
  })

  async function book(uid: string, minutesFromNow: number) {
    const webhook = createTestWebhook(pipeline)
    await webhook.send(calcomEvents.created({ uid, ...sessionTimes(minutesFromNow) }))
    await webhook.settle()
    return (await pipeline.sessions.findByUid(uid))!
  }
  const token = (sessionId: string, role: Role) => signSessionToken(SECRET, sessionId, role)
  const get = (params: Record<string, string>, origin = APP) =>
    handler(new Request(`http://localhost/functions/v1/session?${new URLSearchParams(params)}`, { headers: { origin } }))
  const post = (body: unknown) => handler(new Request('http://localhost/functions/v1/session', { method: 'POST', body: JSON.stringify(body) }))
  async function writes() {
    const [row] = await db.sql`select
      (select count(*)::int from sessions) as sessions, (select coalesce(sum(state_version), 0)::int from sessions) as versions,
      (select count(*)::int from presence_operations) as records, (select count(*)::int from webhook_deliveries) as deliveries`
    return row
  }

  it('shows a member the session in the join window, with a guest meeting token bounded by the session end', async () => {
    const session = await book('bk-open', 10)
    const response = await get({ bookingId: 'bk-open', userType: 'member', token: await token(session.id, 'member') })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(APP)
    const view = (await response.json()) as SessionView
    expect(view).toMatchObject({ bookingId: 'bk-open', role: 'member', bookingStatus: 'Created', roomStatus: 'Active', hostName: 'Jane Rivers' })
    expect(view.joinWindow.state).toBe('open')
    expect(view.prompts.preSession).toBe('Hi Max Member, Jane Rivers will see you soon.')
    expect(view.join?.provider).toBe('local')
    const claims = decodeJwt(view.join!.token)!.payload
    expect(claims).toMatchObject({ r: session.roomName, o: false, u: 'Max Member' })
    expect(claims.exp).toBe(Math.floor(roomClosesAt({ start: new Date(session.state.start), end: new Date(session.state.end) }).getTime() / 1000))
  })

  it('gives the host an owner token', async () => {
    const session = await book('bk-host', 5)
    const view = (await (await get({ bookingId: 'bk-host', userType: 'host', token: await token(session.id, 'host') })).json()) as SessionView
    expect(decodeJwt(view.join!.token)!.payload).toMatchObject({ o: true, u: 'Jane Rivers' })
  })

  it('before the window: the view and when it opens, no room URL or token', async () => {
    const session = await book('bk-later', 120)
    const view = (await (await get({ bookingId: 'bk-later', userType: 'member', token: await token(session.id, 'member') })).json()) as SessionView
    expect(view.joinWindow.state).toBe('before')
    expect(view.join).toBeNull()
    expect(JSON.stringify(view)).not.toContain('local-daily')
  })

  it('a link with the uid from before a reschedule still works and lands on the new time', async () => {
    const a = sessionTimes(60)
    const b = sessionTimes(60 * 24)
    const session = await book('bk-a', 60)
    const webhook = createTestWebhook(pipeline)
    await webhook.send(calcomEvents.rescheduled({ uid: 'bk-b', ...b, previousUid: 'bk-a', previousStart: a.start, previousEnd: a.end }))
    await webhook.settle()
    const view = (await (await get({ bookingId: 'bk-a', userType: 'member', token: await token(session.id, 'member') })).json()) as SessionView
    expect(view).toMatchObject({ bookingId: 'bk-b', start: b.start })
  })

  describe('refuses, with a clear message and no change to any record', () => {
    it.each([
      ["the host's token used as a member", 'host', 'member'],
      ["the member's token used as a host", 'member', 'host'],
    ] as const)('%s', async (_name, signedAs, usedAs) => {
      const session = await book('bk-roles', 5)
      const before = await writes()
      const response = await get({ bookingId: 'bk-roles', userType: usedAs, token: await token(session.id, signedAs) })
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({ error: 'invalid_link', message: expect.stringMatching(/not valid/) })
      const join = await post({ action: 'joined', bookingId: 'bk-roles', userType: usedAs, token: await token(session.id, signedAs) })
      expect(join.status).toBe(403)
      expect(await writes()).toEqual(before)
    })

    it("booking A's token on booking B", async () => {
      const a = await book('bk-A', 5)
      await book('bk-B', 6)
      const before = await writes()
      const response = await get({ bookingId: 'bk-B', userType: 'member', token: await token(a.id, 'member') })
      expect(response.status).toBe(403)
      const rate = await post({ action: 'rate', bookingId: 'bk-B', userType: 'member', token: await token(a.id, 'member'), stars: 1 })
      expect(rate.status).toBe(403)
      expect(await writes()).toEqual(before)
    })

    it('an expired link (the session ended hours ago)', async () => {
      const session = await book('bk-old', -300)
      const response = await get({ bookingId: 'bk-old', userType: 'member', token: await token(session.id, 'member') })
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({ error: 'link_expired' })
    })

    it('a missing token, a missing role, an unknown booking', async () => {
      await book('bk-x', 5)
      expect((await get({ bookingId: 'bk-x', userType: 'member' })).status).toBe(403)
      expect((await get({ bookingId: 'bk-x', userType: 'admin', token: 'v1.x' })).status).toBe(400)
      const unknown = await get({ bookingId: 'no-such-booking', userType: 'member', token: 'v1.x' })
      expect(unknown.status).toBe(404)
      expect(await unknown.json()).toMatchObject({ error: 'not_found', message: 'No session was found for this booking' })
    })

    it('a uid full of formula characters, with the Airtable directory behind it: 404, no formula holds it, nothing written', async () => {
      const { standIn, client } = airtable.open()
      const hostileHandler = createSessionHandler({
        sessions: pipeline.sessions,
        directory: createAirtableDirectory({ client }),
        rooms: pipeline.rooms,
        linkSecret: SECRET,
        appUrl: APP,
        requestSync: () => {},
        log: silentLogger,
      })
      const uid = `x' & {Booking Status} = 'Created' & "\\}{)(,`
      const before = await writes()
      const response = await hostileHandler(
        new Request(`http://localhost/session?${new URLSearchParams({ bookingId: uid, userType: 'member', token: 'v1.x' })}`),
      )
      expect(response.status).toBe(404)
      expect(standIn.requestLog.filter((entry) => decodeURIComponent(entry.path).includes('Booking Status'))).toEqual([])
      expect(await writes()).toEqual(before)
    })

    it('a POST from a browser with a malformed body', async () => {
      const response = await handler(new Request('http://localhost/session', { method: 'POST', body: '{"action":"joined"' }))
      expect(response.status).toBe(400)
    })
  })

  it('records a join once, when reported, and the record shows it', async () => {
    const session = await book('bk-join', 5)
    const link = { bookingId: 'bk-join', userType: 'member', token: await token(session.id, 'member') }
    const first = await post({ action: 'joined', ...link })
    expect(first.status).toBe(200)
    expect(((await first.json()) as SessionView).joined).toEqual({ host: false, member: true })
    await Promise.all(syncs)
    const version = (await pipeline.sessions.get(session.id))!.stateVersion
    await post({ action: 'joined', ...link })
    expect((await pipeline.sessions.get(session.id))!.stateVersion).toBe(version)
    expect(await pipeline.store.get('bk-join')).toMatchObject({ memberJoined: true, hostJoined: false })
  })

  it('refuses a join outside the window (409) and records nothing', async () => {
    const session = await book('bk-early', 120)
    const response = await post({ action: 'joined', bookingId: 'bk-early', userType: 'host', token: await token(session.id, 'host') })
    expect(response.status).toBe(409)
    expect((await pipeline.sessions.get(session.id))!.hostJoinedAt).toBeNull()
  })

  it('stores a rating with its comment on the record, and refuses a bad one', async () => {
    const session = await book('bk-rate', -20)
    const link = { bookingId: 'bk-rate', userType: 'member', token: await token(session.id, 'member') }
    expect((await post({ action: 'rate', ...link, stars: 6 })).status).toBe(400)
    const response = await post({ action: 'rate', ...link, stars: 5, comment: '  Really helpful  ' })
    expect(((await response.json()) as SessionView).rating).toEqual({ stars: 5, comment: 'Really helpful' })
    await Promise.all(syncs)
    expect(await pipeline.store.get('bk-rate')).toMatchObject({ memberRating: 5, memberComment: 'Really helpful', hostRating: null })
  })

  it('answers a preflight only for the SPA origin', async () => {
    const ok = await handler(new Request('http://localhost/session', { method: 'OPTIONS', headers: { origin: APP } }))
    expect(ok.status).toBe(204)
    const other = await handler(new Request('http://localhost/session', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }))
    expect(other.status).toBe(403)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })
})
