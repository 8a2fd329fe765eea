import { beforeEach, describe, expect, it } from 'vitest'
import { queueDueReconciles } from '../../supabase/functions/_shared/attendance/reconcileJob.ts'
import { calcomEvents } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createAttendanceHarness, dailyEvents, type AttendanceHarness } from './support.ts'

const db = useTestDatabase()
let h: AttendanceHarness
let s: Awaited<ReturnType<AttendanceHarness['bookedSession']>>

const MIN = 60_000
const at = (minutes: number) => new Date(s.start.getTime() + minutes * MIN)
const host = (id = 'host-visit', minutes = 0) => ({ id, userId: `host:${s.sessionId}`, owner: true, at: at(minutes) })
const member = (id = 'member-visit', minutes = 1) => ({ id, userId: `member:${s.sessionId}`, owner: false, at: at(minutes) })

beforeEach(async () => {
  await db.reset()
  h = createAttendanceHarness(db)
  s = await h.bookedSession()
})

/** A whole call as Daily reports it: both join, both leave after ~28 minutes, the meeting ends. */
function wholeCall() {
  return [
    dailyEvents.started(s.room, at(0)),
    dailyEvents.joined(s.room, host()),
    dailyEvents.joined(s.room, member()),
    dailyEvents.left(s.room, { ...member(), minutes: 28 }),
    dailyEvents.left(s.room, { ...host(), minutes: 30 }),
    dailyEvents.ended(s.room, at(0), at(30)),
  ]
}

describe('attendance from Daily webhooks', () => {
  it('the record shows the session in progress, then Completed with both joined, minutes, a payout line, the credit used and one thank-you', async () => {
    await h.sendDaily(dailyEvents.started(s.room, at(0)), dailyEvents.joined(s.room, host()))
    expect(await h.store.get(s.paidSessionId)).toMatchObject({ attendance: 'In Progress', hostJoined: true, memberJoined: false, bookingStatus: 'Created' })

    await h.sendDaily(...wholeCall().slice(2))
    expect(await h.outcome(s.sessionId)).toEqual({ attendance: 'attended', status: 'Completed', hostJoined: true, memberJoined: true, hostMinutes: 30, memberMinutes: 28 })
    expect(await h.store.get(s.paidSessionId)).toMatchObject({
      bookingStatus: 'Completed',
      attendance: 'Attended',
      hostJoined: true,
      memberJoined: true,
      hostMinutes: 30,
      memberMinutes: 28,
      creditStatus: 'Used',
    })
    expect(await h.money(s.sessionId, s.paidSessionId)).toEqual({
      lines: [{ amountCents: s.hostShareCents, currency: 'AUD', status: 'due', hostId: s.hostId }],
      credit: 'used',
      thankYous: [`sms:post-session-thank-you:${s.sessionId}:member`],
    })
    expect(s.hostShareCents).toBe(1206)
    const linked = await db.sql<{ sessionId: string | null }[]>`select session_id::text as "sessionId" from webhook_deliveries where provider = 'daily'`
    expect(new Set(linked.map((row) => row.sessionId))).toEqual(new Set([s.sessionId]))
  })

  it('replayed deliveries, meeting.ended twice and a join after the end change nothing and double nothing', async () => {
    await h.sendDaily(...wholeCall())
    const before = { outcome: await h.outcome(s.sessionId), money: await h.money(s.sessionId, s.paidSessionId) }
    // Daily resends (same ids), a second meeting.ended (another id: a rejoin made a new meeting), and a late join.
    await h.sendDaily(...wholeCall(), dailyEvents.ended(s.room, at(0), at(31)), dailyEvents.joined(s.room, host('late-host', 40)))
    await h.reconcileNow(s.end)
    expect(await h.outcome(s.sessionId)).toEqual(before.outcome)
    expect(await h.money(s.sessionId, s.paidSessionId)).toEqual(before.money)
  })

  it('events in any order reach the same outcome: left before joined, ended first', async () => {
    const events = wholeCall()
    await h.sendDaily(...[...events].reverse())
    expect(await h.outcome(s.sessionId)).toMatchObject({ hostJoined: true, memberJoined: true, hostMinutes: 30, memberMinutes: 28 })
    // meeting.ended came first, before anyone was seen: the reconcile decides.
    await h.reconcileNow(s.end)
    expect(await h.outcome(s.sessionId)).toEqual({ attendance: 'attended', status: 'Completed', hostJoined: true, memberJoined: true, hostMinutes: 30, memberMinutes: 28 })
    expect((await h.money(s.sessionId, s.paidSessionId)).lines).toHaveLength(1)
  })

  it('a host on two devices, or who dropped and came back, is counted once per minute', async () => {
    await h.sendDaily(
      dailyEvents.left(s.room, { ...host('laptop', 0), minutes: 20 }),
      dailyEvents.left(s.room, { ...host('phone', 10), minutes: 20 }),
      dailyEvents.left(s.room, { ...member('m1', 0), minutes: 5 }),
      dailyEvents.left(s.room, { ...member('m2', 15), minutes: 10 }),
      dailyEvents.ended(s.room, at(0), at(30)),
    )
    expect(await h.outcome(s.sessionId)).toMatchObject({ attendance: 'attended', hostMinutes: 30, memberMinutes: 15 })
  })

  it('without a token user id, Daily\'s owner flag says who is the host', async () => {
    await h.sendDaily(
      dailyEvents.left(s.room, { id: 'a', userId: null, owner: true, at: at(0), minutes: 10 }),
      dailyEvents.ended(s.room, at(0), at(10)),
    )
    await h.reconcileNow(s.end)
    expect(await h.outcome(s.sessionId)).toMatchObject({ attendance: 'member_no_show', hostJoined: true, memberJoined: false })
  })

  it('ignores events for a room no session has, and malformed payloads', async () => {
    await h.sendDaily(dailyEvents.joined('presence-nobody', host()), { ...dailyEvents.joined(s.room, host()), id: 'bad', payload: { room: s.room } })
    const rows = await db.sql<{ status: string; lastError: string }[]>`
      select status, last_error as "lastError" from webhook_deliveries where provider = 'daily' order by id`
    expect(rows.map((row) => row.status)).toEqual(['ignored', 'ignored'])
    expect(rows[0]!.lastError).toContain('presence-nobody')
    expect(await h.outcome(s.sessionId)).toMatchObject({ hostJoined: false, memberJoined: false, attendance: null })
  })
})

describe('no-shows', () => {
  it('member no-show: the host is paid, the credit is used, no thank-you, the record says Member No-Show', async () => {
    await h.sendDaily(dailyEvents.left(s.room, { ...host(), minutes: 30 }), dailyEvents.ended(s.room, at(0), at(30)))
    expect((await h.outcome(s.sessionId)).attendance).toBeNull()
    await h.reconcileNow(s.end)
    expect(await h.outcome(s.sessionId)).toMatchObject({ attendance: 'member_no_show', status: 'Completed', hostJoined: true, memberJoined: false })
    expect(await h.money(s.sessionId, s.paidSessionId)).toEqual({
      lines: [{ amountCents: s.hostShareCents, currency: 'AUD', status: 'due', hostId: s.hostId }],
      credit: 'used',
      thankYous: [],
    })
    expect(await h.store.get(s.paidSessionId)).toMatchObject({ attendance: 'Member No-Show', memberJoined: false, bookingStatus: 'Completed' })
  })

  it('host no-show: no payout, the credit comes back and stays back after Cal.com says the meeting ended, the record is flagged', async () => {
    await h.sendDaily(dailyEvents.left(s.room, { ...member(), minutes: 12 }), dailyEvents.ended(s.room, at(1), at(13)))
    await h.reconcileNow(s.end)
    expect(await h.outcome(s.sessionId)).toMatchObject({ attendance: 'host_no_show', status: 'Completed', hostJoined: false, memberJoined: true })
    // Cal.com's MEETING_ENDED fires at the booked end whatever happened: it must not use the returned credit.
    await h.calcom.send(calcomEvents.meetingEnded({ uid: s.uid, start: s.start.toISOString(), end: s.end.toISOString(), memberId: s.memberId, paidSessionId: s.paidSessionId }))
    await h.worker.runUntilIdle()
    expect(await h.money(s.sessionId, s.paidSessionId)).toEqual({ lines: [], credit: 'available', thankYous: [] })
    expect(await h.store.get(s.paidSessionId)).toMatchObject({ attendance: 'Host No-Show', creditStatus: 'Available', hostJoined: false })
  })

  it('both absent, no webhook at all: the reconcile settles it: no payout, the credit comes back', async () => {
    await h.reconcileNow(s.end)
    expect(await h.outbox.getByKey(`attendance.reconcile:${s.sessionId}`)).toMatchObject({ status: 'done' })
    expect(await h.outcome(s.sessionId)).toMatchObject({ attendance: 'both_absent', status: 'Completed' })
    expect(await h.money(s.sessionId, s.paidSessionId)).toEqual({ lines: [], credit: 'available', thankYous: [] })
    expect(await h.store.get(s.paidSessionId)).toMatchObject({ attendance: 'Both No-Show' })
  })

  it('a reconcile queued before the end plus the grace (a meeting that ended with one side) waits and decides nothing', async () => {
    h.clock.now = new Date(s.end.getTime() + 5 * MIN)
    await h.sendDaily(dailyEvents.left(s.room, { ...host(), minutes: 30 }), dailyEvents.ended(s.room, at(0), at(30)))
    expect((await h.outcome(s.sessionId)).attendance).toBeNull()
    const job = await h.outbox.getByKey(`attendance.reconcile:${s.sessionId}`)
    expect(job).toMatchObject({ status: 'pending' })
    expect(job!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 5 * MIN)
  })

  it('a cancelled booking is never settled', async () => {
    await h.calcom.send(calcomEvents.cancelled({ uid: s.uid, start: s.start.toISOString(), end: s.end.toISOString() }, { cancelledBy: 'jane@presence.example' }))
    await h.worker.runUntilIdle()
    await h.reconcileNow(s.end)
    expect(await h.outcome(s.sessionId)).toMatchObject({ attendance: null, status: 'Cancelled' })
    expect((await h.money(s.sessionId, s.paidSessionId)).lines).toEqual([])
  })

  it("the sweep queues the reconcile of a session whose room was never made, once, and only after the grace", async () => {
    await db.sql`delete from outbox_jobs where kind = 'attendance.reconcile'`
    expect(await queueDueReconciles(db.sql, h.outbox, new Date(s.end.getTime() + 10 * MIN))).toBe(0)
    expect(await queueDueReconciles(db.sql, h.outbox, new Date(s.end.getTime() + 16 * MIN))).toBe(1)
    expect(await queueDueReconciles(db.sql, h.outbox, new Date(s.end.getTime() + 17 * MIN))).toBe(0)
    await h.reconcileNow(s.end)
    expect((await h.outcome(s.sessionId)).attendance).toBe('both_absent')
    expect(await queueDueReconciles(db.sql, h.outbox, new Date(s.end.getTime() + 60 * MIN))).toBe(0)
  })
})
