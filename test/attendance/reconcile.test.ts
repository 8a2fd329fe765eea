import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { signMeetingToken } from '../../supabase/functions/_shared/rooms/daily/meetingToken.ts'
import { createDailyAttendanceSource } from '../../supabase/functions/_shared/attendance/daily/dailyMeetings.ts'
import { DAILY_RETRY } from '../../supabase/functions/_shared/rooms/daily/retryPolicy.ts'
import { LOCAL_DOMAIN_ID } from '../../supabase/functions/_shared/rooms/local/localRoomsTable.ts'
import { createLocalRoomPageHandler } from '../../supabase/functions/_shared/rooms/local/localRoomPage.ts'
import { useTestDatabase } from '../support/database.ts'
import { createFakeDailyMeetings } from './dailyMeetingsHandlers.ts'
import { createAttendanceHarness, dailyEvents, type AttendanceHarness } from './support.ts'

const db = useTestDatabase()
const API_URL = 'https://api.daily.test/v1'
const API_KEY = 'daily-test-key'
const fake = createFakeDailyMeetings({ apiUrl: API_URL, apiKey: API_KEY })
const server = setupServer(...fake.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
afterEach(() => server.resetHandlers())

const MIN = 60_000
const unix = (date: Date) => Math.floor(date.getTime() / 1000)

describe("reconcile from Daily's meetings API when no webhook came", () => {
  let h: AttendanceHarness
  beforeEach(async () => {
    await db.reset()
    fake.meetings.length = 0
    fake.requests.length = 0
    h = createAttendanceHarness(db, { source: createDailyAttendanceSource({ apiKey: API_KEY, apiUrl: API_URL }), sourceRetry: DAILY_RETRY })
  })

  it('reaches the same outcome the webhooks would, through a 429 and a 503, and a late webhook doubles nothing', async () => {
    const s = await h.bookedSession()
    const start = unix(s.start)
    fake.meetings.push({
      id: 'meeting-1',
      room: s.room,
      start_time: start,
      duration: 1800,
      ongoing: false,
      max_participants: 2,
      participants: [
        { participant_id: 'p-host', user_id: `host:${s.sessionId}`, user_name: 'Jane Rivers', join_time: start, duration: 1800 },
        { participant_id: 'p-member', user_id: `member:${s.sessionId}`, user_name: 'Max Member', join_time: start + 60, duration: 1500 },
      ],
    })
    fake.failNext(1, 429)
    fake.failNext(1, 503)
    await h.reconcileNow(s.end)
    const waiting = await h.outbox.getByKey(`attendance.reconcile:${s.sessionId}`)
    expect(waiting).toMatchObject({ status: 'pending' })
    expect(waiting!.lastError).toContain('429 rate-limit-error')
    await h.reconcileNow(s.end)
    expect((await h.outbox.getByKey(`attendance.reconcile:${s.sessionId}`))!.lastError).toContain('503 server-error')
    await h.reconcileNow(s.end)

    expect(await h.outbox.getByKey(`attendance.reconcile:${s.sessionId}`)).toMatchObject({ status: 'done' })
    expect(fake.requests.at(-1)!.searchParams.get('room')).toBe(s.room)
    expect(await h.outcome(s.sessionId)).toEqual({ attendance: 'attended', status: 'Completed', hostJoined: true, memberJoined: true, hostMinutes: 30, memberMinutes: 25 })
    const money = await h.money(s.sessionId, s.paidSessionId)
    expect(money).toEqual({ lines: [{ amountCents: s.hostShareCents, currency: 'AUD', status: 'due', hostId: s.hostId }], credit: 'used', thankYous: [`sms:post-session-thank-you:${s.sessionId}:member`] })

    // Daily's webhooks arrive late (same participant ids): nothing is counted twice.
    await h.sendDaily(
      dailyEvents.left(s.room, { id: 'p-host', userId: `host:${s.sessionId}`, owner: true, at: s.start, minutes: 30 }),
      dailyEvents.left(s.room, { id: 'p-member', userId: `member:${s.sessionId}`, owner: false, at: new Date(s.start.getTime() + MIN), minutes: 25 }),
      dailyEvents.ended(s.room, s.start, s.end),
    )
    expect(await h.outcome(s.sessionId)).toMatchObject({ hostMinutes: 30, memberMinutes: 25 })
    expect(await h.money(s.sessionId, s.paidSessionId)).toEqual(money)
  })

  it('a room nobody entered: both no-show', async () => {
    const s = await h.bookedSession()
    await h.reconcileNow(s.end)
    expect(await h.outcome(s.sessionId)).toMatchObject({ attendance: 'both_absent', hostJoined: false, memberJoined: false })
  })

  it('a refused API key fails the job for an operator and settles nothing', async () => {
    const s = await h.bookedSession()
    const wrong = createAttendanceHarness(db, { source: createDailyAttendanceSource({ apiKey: 'wrong', apiUrl: API_URL }), sourceRetry: DAILY_RETRY })
    await wrong.reconcileNow(s.end)
    const job = await h.outbox.getByKey(`attendance.reconcile:${s.sessionId}`)
    expect(job).toMatchObject({ status: 'failed' })
    expect(job!.lastError).toContain('401 authentication-error')
    expect((await h.outcome(s.sessionId)).attendance).toBeNull()
  })
})

describe('reconcile from the local rooms, which record presence themselves', () => {
  let h: AttendanceHarness
  beforeEach(async () => {
    await db.reset()
    h = createAttendanceHarness(db)
  })

  async function openRoom(room: string, role: 'host' | 'member', sessionId: string) {
    const page = createLocalRoomPageHandler({ sql: db.sql, signingKey: 'test-room-key', appUrl: 'https://presence.test' })
    const now = new Date()
    const token = await signMeetingToken({ roomName: room, userName: role, userId: `${role}:${sessionId}`, isOwner: role === 'host', exp: new Date(now.getTime() + 60 * MIN) }, 'test-room-key', LOCAL_DOMAIN_ID, now)
    const response = await page(new Request(`http://127.0.0.1/local-daily/${room}?t=${token}`))
    expect(response.status).toBe(200)
  }

  it('a host who opened the room and a member who did not: member no-show, the host paid', async () => {
    const s = await h.bookedSession(-20)
    await db.sql`update local_rooms set nbf = now() - interval '1 hour', exp = now() + interval '1 hour' where name = ${s.room}`
    await openRoom(s.room, 'host', s.sessionId)
    await openRoom(s.room, 'host', s.sessionId)
    // A page load with a bad token notes nobody.
    const page = createLocalRoomPageHandler({ sql: db.sql, signingKey: 'test-room-key', appUrl: 'https://presence.test' })
    await page(new Request(`http://127.0.0.1/local-daily/${s.room}?t=forged`))
    expect(await db.sql`select user_id from local_room_presence`).toEqual([{ user_id: `host:${s.sessionId}` }])

    await h.reconcileNow(s.end)
    expect(await h.outcome(s.sessionId)).toMatchObject({ attendance: 'member_no_show', hostJoined: true, memberJoined: false })
    expect((await h.money(s.sessionId, s.paidSessionId)).lines).toHaveLength(1)
  })

  it('both opened it: attended, one thank-you', async () => {
    const s = await h.bookedSession(-20)
    await db.sql`update local_rooms set nbf = now() - interval '1 hour', exp = now() + interval '1 hour' where name = ${s.room}`
    await openRoom(s.room, 'host', s.sessionId)
    await openRoom(s.room, 'member', s.sessionId)
    await h.reconcileNow(s.end)
    expect(await h.outcome(s.sessionId)).toMatchObject({ attendance: 'attended', status: 'Completed' })
    expect((await h.money(s.sessionId, s.paidSessionId)).thankYous).toHaveLength(1)
  })
})
