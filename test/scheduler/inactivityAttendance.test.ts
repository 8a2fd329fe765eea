import { beforeEach, describe, expect, it } from 'vitest'
import type { AttendanceOutcome } from '../../shared/attendance/attendanceRules.ts'
import { useTestDatabase } from '../support/database.ts'
import { buildScheduler, HOUR, insertSession, MINUTE, seedPeople, smsRows } from './support.ts'

// The 48-hour check reads "the member's last session" as the last completed one they were in:
// a session they missed is not it, one the host missed (they were there) is.
const db = useTestDatabase()
let people: Awaited<ReturnType<typeof seedPeople>>
let scheduler: ReturnType<typeof buildScheduler>

const base = new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 24 * HOUR)
// 02:00 UTC is 12:00 or 13:00 in Sydney: daytime, so a nudge goes at once.
const midday = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate() + 1, 2))
const ago = (ms: number) => new Date(midday.getTime() - ms)

beforeEach(async () => {
  await db.reset()
  people = await seedPeople(db.sql)
  scheduler = buildScheduler(db.sql)
})

/** A completed 30-minute session starting `hoursAgo` before midday, with the outcome the attendance settlement decided. */
async function completed(hoursAgo: number, attendance: AttendanceOutcome): Promise<string> {
  const id = await insertSession(db.sql, people, { start: ago(hoursAgo * HOUR) }, 'Completed')
  await db.sql`update sessions set attendance = ${attendance}, attendance_decided_at = end_time + interval '15 minutes' where id = ${id}`
  return id
}

async function tickAt(when: Date) {
  scheduler.setClock(when)
  const queued = await scheduler.tick()
  await scheduler.worker.runUntilIdle()
  return queued
}

const nudgeKeys = async () => (await smsRows(db.sql)).filter((row) => row.message === 'inactive-48h').map((row) => [row.jobKey, row.status])
const keyFor = (sessionId: string) => `sms:inactive-48h:${people.memberId}:${sessionId}`

describe('the 48-hour check and attendance', () => {
  it('a session the member missed is not their last: the gap runs from the one before, which they attended', async () => {
    const attended = await completed(100, 'attended')
    await completed(50, 'member_no_show')
    // 100 hours since the session they were in, nothing booked: nudged now, for that gap.
    expect((await tickAt(midday)).inactivity).toBe(1)
    expect(await nudgeKeys()).toEqual([[keyFor(attended), 'logged']])
    expect((await tickAt(new Date(midday.getTime() + HOUR))).inactivity).toBe(0)
  })

  it('a member who never came to a session is not nudged about one (missed, or nobody came)', async () => {
    await completed(60, 'member_no_show')
    await completed(50, 'both_absent')
    expect((await tickAt(midday)).inactivity).toBe(0)
    expect(await nudgeKeys()).toEqual([])
  })

  it('a session the host missed counts: the member was there, so the 48 hours run from it', async () => {
    await completed(100, 'attended')
    const stoodUp = await completed(46, 'host_no_show')
    // Under 48 hours since they last turned up: not yet, and not for the older gap either.
    expect((await tickAt(midday)).inactivity).toBe(0)
    expect((await tickAt(new Date(midday.getTime() + 3 * HOUR))).inactivity).toBe(1)
    expect(await nudgeKeys()).toEqual([[keyFor(stoodUp), 'logged']])
  })

  it('the job asks again when it runs: a missed session since does not cancel the nudge, an attended one does', async () => {
    // 14:00 UTC is midnight or 01:00 in Sydney: the nudge waits for 08:00.
    const night = new Date(midday.getTime() + 12 * HOUR)
    const last = await insertSession(db.sql, people, { start: new Date(night.getTime() - 49 * HOUR) }, 'Completed')
    expect((await tickAt(night)).inactivity).toBe(1)
    const missed = await insertSession(db.sql, people, { start: new Date(night.getTime() + HOUR) }, 'Completed')
    await db.sql`update sessions set attendance = 'member_no_show' where id = ${missed}`
    await db.sql`update outbox_jobs set next_attempt_at = now() where status = 'pending'`
    scheduler.setClock(new Date(night.getTime() + 8 * HOUR))
    await scheduler.worker.runUntilIdle()
    expect(await nudgeKeys()).toEqual([[keyFor(last), 'logged']])

    await db.reset()
    people = await seedPeople(db.sql)
    await insertSession(db.sql, people, { start: new Date(night.getTime() - 49 * HOUR) }, 'Completed')
    expect((await tickAt(night)).inactivity).toBe(1)
    await completed(-13.5, 'attended')
    await db.sql`update outbox_jobs set next_attempt_at = now() where status = 'pending'`
    scheduler.setClock(new Date(night.getTime() + 8 * HOUR))
    await scheduler.worker.runUntilIdle()
    expect((await smsRows(db.sql)).map((row) => [row.status, row.error])).toEqual([['skipped', 'the member has booked or completed another session since']])
  })
})
