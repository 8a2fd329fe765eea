import { beforeEach, describe, expect, it } from 'vitest'
import { verifySessionToken } from '../../shared/links/sessionLinks.ts'
import { useTestDatabase } from '../support/database.ts'
import { buildScheduler, HOUR, insertSession, LINK_SECRET, MINUTE, moveSession, seedPeople, smsRows } from './support.ts'

const db = useTestDatabase()
let people: Awaited<ReturnType<typeof seedPeople>>
let scheduler: ReturnType<typeof buildScheduler>
// A whole minute, so starts read cleanly; the clock is the test's.
const base = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 24 * HOUR)
const at = (ms: number) => new Date(base.getTime() + ms)

beforeEach(async () => {
  await db.reset()
  people = await seedPeople(db.sql)
  scheduler = buildScheduler(db.sql)
})

async function tickAt(when: Date) {
  scheduler.setClock(when)
  const queued = await scheduler.tick()
  await scheduler.worker.runUntilIdle()
  return queued
}

const reminders = async () => (await smsRows(db.sql)).filter((row) => row.message === 'pre-session-reminder')

describe('the pre-session reminder', () => {
  it('goes an hour before the start, once, to both, each with their own signed link', async () => {
    const start = at(3 * HOUR)
    const sessionId = await insertSession(db.sql, people, { start })

    expect((await tickAt(at(2 * HOUR - MINUTE))).reminders).toBe(0)
    expect(await reminders()).toEqual([])

    expect((await tickAt(at(2 * HOUR))).reminders).toBe(2)
    // Every later tick before the start finds them queued already.
    for (const minutes of [0.5, 1, 30, 59]) expect((await tickAt(at(2 * HOUR + minutes * MINUTE))).reminders).toBe(0)

    const rows = await reminders()
    expect(rows.map((row) => [row.role, row.status])).toEqual([
      ['host', 'logged'],
      ['member', 'logged'],
    ])
    for (const row of rows) {
      expect(row.body).toMatch(/^Hi (Jane Rivers|Max Member), your session with (Max Member|Jane Rivers) starts at .+ (AEDT|AEST)\. Join here: https:\/\/presence\.test\/video-session\?/)
      expect(row.jobKey).toBe(`sms:pre-session-reminder:${sessionId}:${row.role}:${start.toISOString()}`)
      const link = new URL(row.body!.slice(row.body!.indexOf('https://')))
      expect(link.searchParams.get('userType')).toBe(row.role)
      const role = row.role as 'host' | 'member'
      expect(await verifySessionToken(LINK_SECRET, sessionId, role, link.searchParams.get('token')!)).toBe(true)
      expect(await verifySessionToken(LINK_SECRET, sessionId, role === 'host' ? 'member' : 'host', link.searchParams.get('token')!)).toBe(false)
    }
    expect(rows[0]!.body).toContain('Hi Jane Rivers, your session with Max Member')
  })

  it('a reschedule gets a reminder for the new time though one went for the old; a queued one for the old time is skipped', async () => {
    const sessionId = await insertSession(db.sql, people, { start: at(HOUR) })
    await tickAt(at(0))
    expect((await reminders()).map((row) => row.status)).toEqual(['logged', 'logged'])

    // Moved to later the same day: the old reminder does not stop the new one.
    await moveSession(db.sql, sessionId, at(5 * HOUR))
    expect((await tickAt(at(4 * HOUR))).reminders).toBe(2)
    expect((await reminders()).filter((row) => row.jobKey.endsWith(at(5 * HOUR).toISOString())).map((row) => row.status)).toEqual(['logged', 'logged'])

    // Queued for 7h, then moved before the worker ran it: it is skipped, and says why.
    await moveSession(db.sql, sessionId, at(7 * HOUR))
    scheduler.setClock(at(6 * HOUR))
    await scheduler.tick()
    await moveSession(db.sql, sessionId, at(9 * HOUR))
    await scheduler.worker.runUntilIdle()
    const stale = (await reminders()).filter((row) => row.jobKey.endsWith(at(7 * HOUR).toISOString()))
    expect(stale.map((row) => row.status)).toEqual(['skipped', 'skipped'])
    expect(stale[0]!.error).toContain('the session moved from')
    expect(await reminders()).toHaveLength(6)
  })

  it('a tick after missed ones catches up: due and not started is sent once; started is skipped, with why', async () => {
    const soon = await insertSession(db.sql, people, { start: at(20 * MINUTE) })
    const started = await insertSession(db.sql, people, { start: at(-10 * MINUTE) })
    const later = await insertSession(db.sql, people, { start: at(3 * HOUR) })

    // No tick ran for hours; this is the first.
    const queued = await tickAt(at(0))
    expect(queued.reminders).toBe(4)
    const rows = await reminders()
    expect(rows.filter((row) => row.jobKey.includes(soon)).map((row) => row.status)).toEqual(['logged', 'logged'])
    const skipped = rows.filter((row) => row.jobKey.includes(started))
    expect(skipped.map((row) => row.status)).toEqual(['skipped', 'skipped'])
    expect(skipped[0]!.error).toMatch(/had already started/)
    expect(skipped.every((row) => row.body === null)).toBe(true)
    expect(rows.some((row) => row.jobKey.includes(later))).toBe(false)

    // A second tick, and a second worker pass: nothing more.
    expect((await tickAt(at(30_000))).reminders).toBe(0)
    expect(await reminders()).toHaveLength(4)
  })

  it('a reminder queued in time but run after the start (the worker was down) is skipped, not sent late', async () => {
    await insertSession(db.sql, people, { start: at(HOUR) })
    scheduler.setClock(at(0))
    await scheduler.tick()
    scheduler.setClock(at(HOUR + MINUTE))
    await scheduler.worker.runUntilIdle()
    expect((await reminders()).map((row) => row.status)).toEqual(['skipped', 'skipped'])
  })

  it('none for a cancelled or pending session, and none for a side nobody is linked to', async () => {
    await insertSession(db.sql, people, { start: at(30 * MINUTE) }, 'Cancelled')
    await insertSession(db.sql, people, { start: at(30 * MINUTE) }, 'Pending')
    const unlinked = await insertSession(db.sql, people, { start: at(40 * MINUTE) })
    await db.sql`update sessions set state = state || '{"memberId": null}'::jsonb where id = ${unlinked}`
    expect((await tickAt(at(0))).reminders).toBe(1)
    expect((await reminders()).map((row) => row.role)).toEqual(['host'])
  })
})

describe('rooms', () => {
  it('are queued 15 minutes before the start, for booked sessions without one', async () => {
    const soon = await insertSession(db.sql, people, { start: new Date(Date.now() + 10 * MINUTE) })
    await insertSession(db.sql, people, { start: new Date(Date.now() + 40 * MINUTE) })
    scheduler.setClock(new Date())
    const queued = await scheduler.tick()
    expect(queued.rooms).toBe(1)
    const jobs = await db.sql<{ key: string }[]>`select idempotency_key as key from outbox_jobs where kind = 'room.sync'`
    expect(jobs.map((job) => job.key)).toEqual([`room.sync:${soon}`])
    expect(scheduler.wakes()).toBe(1)
  })
})

describe('the 48-hour check', () => {
  const nudges = async () => (await smsRows(db.sql)).filter((row) => row.message === 'inactive-48h')

  // 02:00 UTC is 12:00 or 13:00 in Sydney: daytime, so the nudge goes at once.
  const midday = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() + 1, 2))
  const ago = (ms: number) => new Date(midday.getTime() - ms)

  it('nudges a member 48 hours after their last completed session, once per gap', async () => {
    const last = await insertSession(db.sql, people, { start: ago(49 * HOUR + 30 * MINUTE) }, 'Completed')
    await insertSession(db.sql, people, { start: ago(100 * HOUR) }, 'Completed')

    expect((await tickAt(ago(2 * HOUR))).inactivity).toBe(0)
    expect((await tickAt(midday)).inactivity).toBe(1)
    expect((await tickAt(new Date(midday.getTime() + HOUR))).inactivity).toBe(0)
    const rows = await nudges()
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ status: 'logged', role: 'member', jobKey: `sms:inactive-48h:${people.memberId}:${last}` })
    expect(rows[0]!.body).toBe("Hi Max Member, it's been a couple of days. Book a session when you're ready: https://presence.test/host-selection")

    // They come back, complete another, and lapse again: a new gap, a new nudge.
    const next = await insertSession(db.sql, people, { start: new Date(midday.getTime() + 24 * HOUR) }, 'Completed')
    expect((await tickAt(new Date(midday.getTime() + 24 * HOUR + 30 * MINUTE + 48 * HOUR))).inactivity).toBe(1)
    expect((await nudges()).map((row) => row.jobKey)).toContain(`sms:inactive-48h:${people.memberId}:${next}`)
  })

  it('not while the member has a session booked, nor for a gap more than a week old', async () => {
    await insertSession(db.sql, people, { start: ago(50 * HOUR) }, 'Completed')
    const upcoming = await insertSession(db.sql, people, { start: new Date(midday.getTime() + 24 * HOUR) })
    expect((await tickAt(midday)).inactivity).toBe(0)

    await db.sql`update sessions set booking_status = 'Cancelled', state = state || '{"status": "Cancelled"}'::jsonb where id = ${upcoming}`
    expect((await tickAt(midday)).inactivity).toBe(1)

    await db.reset()
    people = await seedPeople(db.sql)
    await insertSession(db.sql, people, { start: ago(48 * HOUR + 8 * 24 * HOUR) }, 'Completed')
    expect((await tickAt(midday)).inactivity).toBe(0)
  })

  it('waits for 08:00 in the member’s zone when due at night, and is skipped if they book meanwhile', async () => {
    // 14:00 UTC is 00:00 or 01:00 in Sydney.
    const night = new Date(midday.getTime() + 12 * HOUR)
    await insertSession(db.sql, people, { start: new Date(night.getTime() - 49 * HOUR) }, 'Completed')
    expect((await tickAt(night)).inactivity).toBe(1)
    const [job] = await db.sql<{ status: string; lastError: string }[]>`
      select status, last_error as "lastError" from outbox_jobs where kind = 'sms.send'`
    expect(job).toMatchObject({ status: 'pending' })
    expect(job!.lastError).toMatch(/quiet hours/)
    expect(await nudges()).toEqual([])

    // Before 08:00 comes, they book: the nudge is skipped when it comes due.
    await insertSession(db.sql, people, { start: new Date(night.getTime() + 48 * HOUR) })
    await db.sql`update outbox_jobs set next_attempt_at = now() where status = 'pending'`
    scheduler.setClock(new Date(night.getTime() + 8 * HOUR))
    await scheduler.worker.runUntilIdle()
    expect((await nudges()).map((row) => [row.status, row.error])).toEqual([['skipped', 'the member has booked or completed another session since']])
  })
})
