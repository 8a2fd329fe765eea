import { describe, expect, it } from 'vitest'
import { DEFAULT_WEEKLY_HOURS, freeSlots, type WeeklyHours } from '../../supabase/functions/_shared/calcom/local/schedule.ts'
import { instantOf } from '../../supabase/functions/_shared/calcom/local/zonedTime.ts'

const weekdays: WeeklyHours = DEFAULT_WEEKLY_HOURS

describe('free slots from weekly hours', () => {
  it('lays 30-minute slots over Mon-Fri 09:00-17:00 in the host zone, from now for 14 days', () => {
    // Friday 1 March 2030, 11:00 in Sydney (AEDT, UTC+11).
    const now = new Date('2030-03-01T00:00:00Z')
    const slots = freeSlots({ hours: weekdays, timeZone: 'Australia/Sydney', now, taken: new Set() })
    // The rest of Friday from 11:30 (11:00 is now, not later), then 9 full weekdays to Thursday
    // 14 March, then Friday 15 March up to 11:00 (the 14-day horizon).
    expect(slots[0]).toEqual({ start: '2030-03-01T00:30:00.000Z', end: '2030-03-01T01:00:00.000Z' })
    expect(slots.filter((slot) => slot.start.startsWith('2030-03-01')).length).toBe(11)
    expect(slots.length).toBe(11 + 9 * 16 + 4)
    expect(slots.at(-1)).toEqual({ start: '2030-03-14T23:30:00.000Z', end: '2030-03-15T00:00:00.000Z' })
    // Saturday and Sunday in Sydney have nothing: 2 March 09:00 local would be 1 March 22:00Z.
    expect(slots.some((slot) => slot.start === '2030-03-01T22:00:00.000Z')).toBe(false)
    expect(slots.some((slot) => slot.start === '2030-03-03T22:00:00.000Z')).toBe(true)
  })

  it('keeps 09:00 on the wall clock across a DST change, so the UTC time moves', () => {
    // Sydney leaves daylight time at 03:00 on Sunday 7 April 2030 (UTC+11 -> UTC+10).
    const slots = freeSlots({ hours: weekdays, timeZone: 'Australia/Sydney', now: new Date('2030-04-03T12:00:00Z'), taken: new Set() })
    const nineAm = slots.filter((slot) => slot.start.endsWith('T22:00:00.000Z') || slot.start.endsWith('T23:00:00.000Z')).map((slot) => slot.start)
    expect(nineAm).toContain('2030-04-04T22:00:00.000Z') // Friday 5 April 09:00 AEDT
    expect(nineAm).toContain('2030-04-07T23:00:00.000Z') // Monday 8 April 09:00 AEST
    expect(slots).not.toContainEqual(expect.objectContaining({ start: '2030-04-07T22:00:00.000Z' })) // 08:00 AEST: before hours
    // New York springs forward on 10 March 2030: Monday 11 March 09:00 EDT is 13:00Z, Friday 8th's EST 14:00Z.
    const ny = freeSlots({ hours: weekdays, timeZone: 'America/New_York', now: new Date('2030-03-07T00:00:00Z'), taken: new Set() })
    expect(ny.map((slot) => slot.start)).toEqual(expect.arrayContaining(['2030-03-08T14:00:00.000Z', '2030-03-11T13:00:00.000Z']))
    expect(ny.find((slot) => slot.start.startsWith('2030-03-11'))?.start).toBe('2030-03-11T13:00:00.000Z')
  })

  it('skips wall times the clocks jump over and takes the first of a repeated hour', () => {
    expect(instantOf({ year: 2030, month: 10, day: 6, hour: 2, minute: 30 }, 'Australia/Sydney')).toBeNull()
    expect(instantOf({ year: 2030, month: 4, day: 7, hour: 2, minute: 30 }, 'Australia/Sydney')?.toISOString()).toBe('2030-04-06T15:30:00.000Z')
    const night: WeeklyHours = { sunday: [['01:30', '03:30']] }
    const slots = freeSlots({ hours: night, timeZone: 'Australia/Sydney', now: new Date('2030-10-01T00:00:00Z'), taken: new Set() })
    // Sunday 6 October 2030: 02:00-03:00 does not exist, so 01:30 and 03:00 remain.
    expect(slots.filter((slot) => slot.start.startsWith('2030-10-05')).map((slot) => slot.start)).toEqual([
      '2030-10-05T15:30:00.000Z', // 01:30 AEST (UTC+10)
      '2030-10-05T16:00:00.000Z', // 03:00 AEDT (UTC+11)
    ])
  })

  it('leaves out taken slots and slots that do not fit before the end of the range', () => {
    const hours: WeeklyHours = { monday: [['09:00', '10:15']] }
    const now = new Date('2030-03-03T00:00:00Z') // Sunday in UTC
    const all = freeSlots({ hours, timeZone: 'UTC', now, taken: new Set(), days: 2 })
    expect(all.map((slot) => slot.start)).toEqual(['2030-03-04T09:00:00.000Z', '2030-03-04T09:30:00.000Z'])
    const left = freeSlots({ hours, timeZone: 'UTC', now, taken: new Set(['2030-03-04T09:00:00.000Z']), days: 2 })
    expect(left.map((slot) => slot.start)).toEqual(['2030-03-04T09:30:00.000Z'])
  })
})
