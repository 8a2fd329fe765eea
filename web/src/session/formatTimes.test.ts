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
  // A range across Sydney's change on 4 April 2027 (03:00 AEDT back to 02:00 AEST, at 16:00 UTC) names both; one before it, one.
  expect(describeTimeZone('2027-04-03T15:30:00Z', { timeZone: 'Australia/Sydney', locale: 'en-AU' }, '2027-04-03T16:30:00Z')).toBe(
    'Australia/Sydney (Australian Eastern Daylight Time, then Australian Eastern Standard Time)',
  )
  expect(describeTimeZone('2027-04-03T15:00:00Z', { timeZone: 'Australia/Sydney', locale: 'en-AU' }, '2027-04-03T15:30:00Z')).toBe(
    'Australia/Sydney (Australian Eastern Daylight Time)',
  )
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

// 15:30-16:00 UTC on 3 April 2027: Sydney's clocks go back from 03:00 AEDT to 02:00 AEST at 16:00 UTC.
it('gives each end its own offset when a DST change falls inside the range', () => {
  const sydney = { timeZone: 'Australia/Sydney', locale: 'en-AU' }
  expect(plain(formatSessionRange('2027-04-03T15:30:00Z', '2027-04-03T16:00:00Z', sydney))).toBe('Sunday, 4 April 2027, 2:30 am AEDT – 2:00 am AEST')
  // Lord Howe moves by half an hour (02:00 LHDT -> 01:30 LHST at 15:00 UTC).
  expect(plain(formatSessionRange('2027-04-03T14:45:00Z', '2027-04-03T15:15:00Z', { timeZone: 'Australia/Lord_Howe', locale: 'en-AU' }))).toBe(
    'Sunday, 4 April 2027, 1:45 am LHDT – 1:45 am LHST',
  )
  // Clocks going forward (Sydney, 3 October 2027 at 02:00 AEST -> 03:00 AEDT, 16:00 UTC).
  expect(plain(formatSessionRange('2027-10-02T15:45:00Z', '2027-10-02T16:15:00Z', sydney))).toBe('Sunday, 3 October 2027, 1:45 am AEST – 3:15 am AEDT')
  // The same half hour read where no change falls inside it: one zone, as before.
  expect(plain(formatSessionRange('2027-04-03T15:30:00Z', '2027-04-03T16:00:00Z', { timeZone: 'Asia/Kolkata', locale: 'en-AU' }))).toBe('Saturday 3 April 2027, 9:00 – 9:30 pm')
  expect(plain(formatSessionRange('2027-04-03T17:30:00Z', '2027-04-03T18:00:00Z', sydney))).toBe('Sunday 4 April 2027, 3:30 – 4:00 am')
})
