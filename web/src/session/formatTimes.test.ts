import { expect, it } from 'vitest'
import { describeTimeZone, formatCountdown, formatSessionRange, formatSessionStart } from './formatTimes.ts'

// Intl separates times with thin and narrow spaces; compare on plain ones.
const plain = (text: string) => text.replace(/[\u2009\u202f]/g, ' ')

it('shows a session in the zone asked for, not in UTC', () => {
  const sydney = { timeZone: 'Australia/Sydney', locale: 'en-AU' }
  expect(plain(formatSessionRange('2030-03-03T23:00:00Z', '2030-03-03T23:30:00Z', sydney))).toBe('Monday 4 March 2030, 10:00 – 10:30 am')
  expect(plain(formatSessionStart('2030-03-03T23:00:00Z', sydney))).toBe('Mon, 4 Mar, 10:00 am')
  expect(plain(formatSessionRange('2030-03-03T23:00:00Z', '2030-03-03T23:30:00Z', { timeZone: 'America/New_York', locale: 'en-US' }))).toBe(
    'Sunday, March 3, 2030, 6:00 – 6:30 PM',
  )
})

it('names the zone by its id and its name at that date (daylight saving included)', () => {
  expect(describeTimeZone('2030-01-15T00:00:00Z', { timeZone: 'Australia/Sydney', locale: 'en-AU' })).toBe('Australia/Sydney (Australian Eastern Daylight Time)')
  expect(describeTimeZone('2030-07-15T00:00:00Z', { timeZone: 'Australia/Sydney', locale: 'en-AU' })).toBe('Australia/Sydney (Australian Eastern Standard Time)')
  expect(describeTimeZone('2030-07-15T00:00:00Z', { timeZone: 'UTC', locale: 'en' })).toBe('UTC (Coordinated Universal Time)')
})

it('counts down coarsely when far off and to the second when close', () => {
  expect(formatCountdown(3 * 86_400_000 + 5 * 3_600_000)).toBe('3 days 5 h')
  expect(formatCountdown(86_400_000)).toBe('1 day 0 h')
  expect(formatCountdown(3_600_000 + 5 * 60_000)).toBe('1 h 05 min')
  expect(formatCountdown(14 * 60_000 + 59_001)).toBe('15:00')
  expect(formatCountdown(4_200)).toBe('00:05')
  expect(formatCountdown(1)).toBe('00:01')
  expect(formatCountdown(0)).toBe('00:00')
  expect(formatCountdown(-5_000)).toBe('00:00')
})
