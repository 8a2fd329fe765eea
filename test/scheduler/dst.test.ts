import { describe, expect, it } from 'vitest'
import { DAYTIME, nextSendableAt } from '../../shared/messages/quietHours.ts'
import { REMINDER_LEAD_MS, reminderSkipReason, reminderWindow } from '../../shared/schedule/reminders.ts'
import { formatRangeInZone, formatTimeInZone } from '../../shared/templates/formatTime.ts'
import { useTestDatabase } from '../support/database.ts'
import { buildScheduler, insertSession, MINUTE, seedPeople, smsRows } from './support.ts'

const HOUR = 3_600_000

/** Zones with every kind of change: 1 h both ways, north and south, half-hour DST (Lord Howe), 45-minute offsets, none at all. */
const ZONES = [
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Australia/Adelaide',
  'Australia/Perth',
  'Australia/Brisbane',
  'Pacific/Auckland',
  'Pacific/Chatham',
  'America/New_York',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'America/Santiago',
  'America/St_Johns',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Asia/Tokyo',
  'Africa/Cairo',
  'Pacific/Apia',
  'UTC',
]

function offsetMinutes(at: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')!.value
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0
}

/** The instants in 2027 where the zone's offset changes (found by the hour, then to the minute). */
function changesIn2027(timeZone: string): number[] {
  const changes: number[] = []
  let previous = offsetMinutes(Date.UTC(2027, 0, 1), timeZone)
  for (let at = Date.UTC(2027, 0, 1) + HOUR; at < Date.UTC(2028, 0, 1); at += HOUR) {
    const offset = offsetMinutes(at, timeZone)
    if (offset !== previous) {
      let minute = at - HOUR
      while (offsetMinutes(minute, timeZone) === previous) minute += MINUTE
      changes.push(minute)
      previous = offset
    }
  }
  return changes
}

/** A small seeded generator, so a failure names a case that can be run again. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

const wallHour = (at: Date, timeZone: string) => Number(new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(at))

describe('DST changes in many zones', () => {
  const cases = ZONES.flatMap((zone) => {
    const changes = changesIn2027(zone)
    // No change (Perth, Brisbane, Kolkata, Tokyo, UTC…): an ordinary day stands in.
    return (changes.length > 0 ? changes : [Date.UTC(2027, 3, 4, 1)]).map((change) => ({ zone, change }))
  })

  it('the zones include both kinds of change and none at all', () => {
    expect(changesIn2027('Australia/Lord_Howe').map((at) => offsetMinutes(at, 'Australia/Lord_Howe') - offsetMinutes(at - MINUTE, 'Australia/Lord_Howe'))).toEqual([-30, 30])
    expect(changesIn2027('Asia/Kolkata')).toEqual([])
    expect(cases.length).toBeGreaterThan(30)
  })

  it.each(cases)('$zone around $change: a reminder is queued once, sent once an hour before in real time, never after the start', ({ zone, change }) => {
    const next = random(change)
    // Starts every 5 minutes from 3 h before the change to 3 h after it: reminders before, across and after it.
    for (let start = change - 3 * HOUR; start <= change + 3 * HOUR; start += 5 * MINUTE) {
      // Ticks every 30 s with jitter; some runs lose a stretch of them (a sleep, a deploy).
      const gapFrom = next() < 0.3 ? start - REMINDER_LEAD_MS + next() * 90 * MINUTE : Infinity
      const gapLength = next() * 40 * MINUTE
      const queuedAt: number[] = []
      let sentAt: number | null = null
      let skipped: string | null = null
      for (let tick = start - 2 * HOUR; tick <= start + HOUR; tick += 30_000 + Math.floor(next() * 1000)) {
        if (tick >= gapFrom && tick < gapFrom + gapLength) continue
        const window = reminderWindow(new Date(tick))
        if (start <= window.startsAfter.getTime() || start > window.startsBy.getTime() || queuedAt.length > 0) continue
        queuedAt.push(tick)
        // The worker runs it a moment later.
        const runAt = tick + Math.floor(next() * 5000)
        const reason = reminderSkipReason(new Date(start).toISOString(), { status: 'Created', start: new Date(start).toISOString() }, new Date(runAt))
        if (reason) skipped = reason
        else sentAt = runAt
      }
      const label = `${zone}, start ${new Date(start).toISOString()}`
      expect(queuedAt, label).toHaveLength(1)
      const due = start - REMINDER_LEAD_MS
      if (sentAt !== null) {
        expect(sentAt, label).toBeLessThan(start)
        // On time: no earlier than an hour before (real time, so never an hour off across a change).
        expect(sentAt, label).toBeGreaterThanOrEqual(due)
        // And no later than the first tick after it came due allowed.
        if (gapFrom === Infinity) expect(sentAt - due, label).toBeLessThan(40_000)
      } else {
        expect(skipped, label).toMatch(/already started/)
        // Skipped only when no tick ran between the due time and the start.
        expect(gapFrom <= due + 40_000 && gapFrom + gapLength >= start - 40_000, label).toBe(true)
      }
    }
  })

  it.each(cases)('$zone around $change: times in messages carry the offset of their own instant', ({ zone, change }) => {
    const before = new Date(change - 20 * MINUTE)
    const after = new Date(change + 20 * MINUTE)
    const offsetText = (at: Date) => new Intl.DateTimeFormat('en-AU', { timeZone: zone, timeZoneName: 'short' }).formatToParts(at).find((p) => p.type === 'timeZoneName')!.value
    expect(formatTimeInZone(before, zone).endsWith(offsetText(before))).toBe(true)
    expect(formatTimeInZone(after, zone).endsWith(offsetText(after))).toBe(true)
    const range = formatRangeInZone(before, after, zone)
    if (offsetMinutes(before.getTime(), zone) !== offsetMinutes(after.getTime(), zone)) {
      expect(range).toContain(`${offsetText(before)} – `)
      expect(range.endsWith(offsetText(after))).toBe(true)
    } else {
      expect(range.split(offsetText(before))).toHaveLength(2)
    }
  })

  it.each(cases)('$zone around $change: quiet hours hold on the recipient’s own clock', ({ zone, change }) => {
    const next = random(change ^ 0x9e3779b9)
    for (let i = 0; i < 60; i++) {
      const now = new Date(change - 36 * HOUR + Math.floor(next() * 72 * HOUR))
      const at = nextSendableAt(now, zone)
      const label = `${zone}, due ${now.toISOString()}`
      expect(at.getTime(), label).toBeGreaterThanOrEqual(now.getTime())
      const hour = wallHour(at, zone)
      expect(hour >= DAYTIME.startHour && hour < DAYTIME.endHour, label).toBe(true)
      if (at.getTime() > now.getTime()) {
        // The first daytime minute: the minute before it is still night, and it is less than a day away.
        const minuteBefore = wallHour(new Date(at.getTime() - MINUTE), zone)
        expect(minuteBefore < DAYTIME.startHour || minuteBefore >= DAYTIME.endHour, label).toBe(true)
        expect(at.getTime() - now.getTime(), label).toBeLessThanOrEqual(13 * HOUR)
      }
    }
  })
})

describe('the real tick across Sydney’s change on 4 April 2027 (03:00 AEDT -> 02:00 AEST at 16:00 UTC)', () => {
  const db = useTestDatabase()

  it('each reminder goes once, an hour before in real time, and names the start on the clock of its own instant', async () => {
    const people = await seedPeople(db.sql)
    const change = Date.UTC(2027, 3, 3, 16)
    // 02:30 AEDT (before the change); 02:30 AEST (the repeated hour, after it); reminders inside the change; 03:30 AEST.
    const starts = [-30, 30, 50, 90].map((minutes) => new Date(change + minutes * MINUTE))
    const ids = await Promise.all(starts.map((start) => insertSession(db.sql, people, { start })))
    const scheduler = buildScheduler(db.sql)
    const sentAt = new Map<string, number>()
    for (let tick = change - 2 * HOUR; tick <= change + 2 * HOUR; tick += MINUTE) {
      scheduler.setClock(new Date(tick))
      await scheduler.tick()
      await scheduler.worker.runUntilIdle()
      for (const row of await smsRows(db.sql)) if (!sentAt.has(row.jobKey)) sentAt.set(row.jobKey, tick)
    }
    const rows = await smsRows(db.sql)
    expect(rows).toHaveLength(8)
    expect(rows.every((row) => row.status === 'logged')).toBe(true)
    for (const [index, id] of ids.entries()) {
      const start = starts[index]!.getTime()
      const mine = rows.filter((row) => row.jobKey.includes(id))
      expect(mine).toHaveLength(2)
      for (const row of mine) expect(sentAt.get(row.jobKey)! - (start - REMINDER_LEAD_MS)).toBe(0)
    }
    const bodyOf = (index: number) => rows.find((row) => row.jobKey.includes(ids[index]!) && row.role === 'member')!.body!
    expect(bodyOf(0)).toContain('starts at Sun, 4 Apr 2027, 2:30 am AEDT.')
    expect(bodyOf(1)).toContain('starts at Sun, 4 Apr 2027, 2:30 am AEST.')
    expect(bodyOf(2)).toContain('starts at Sun, 4 Apr 2027, 2:50 am AEST.')
    expect(bodyOf(3)).toContain('starts at Sun, 4 Apr 2027, 3:30 am AEST.')
  }, 120_000)
})
