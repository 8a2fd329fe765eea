import { expect, it } from 'vitest'
import { cancellationRule, cancellationRuleAsOf, formatDeadline } from './bookingTimes.ts'

it('states the cutoff in the given zone, naming the zone as it is at that moment', () => {
  // Sydney's clocks go back at 3 am on Sunday 5 April 2026: the same UTC time of day reads an hour earlier after it.
  expect(formatDeadline('2026-04-03T23:30:00Z', { timeZone: 'Australia/Sydney', locale: 'en-AU' })).toBe('Saturday 4 April 2026 at 10:30 am AEDT')
  expect(formatDeadline('2026-04-05T23:30:00Z', { timeZone: 'Australia/Sydney', locale: 'en-AU' })).toBe('Monday 6 April 2026 at 9:30 am AEST')
  expect(formatDeadline('2026-04-05T23:30:00Z', { timeZone: 'Europe/London', locale: 'en-GB' })).toBe('Monday, 6 April 2026 at 00:30 BST')
})

it('says what happens either side of the cutoff', () => {
  expect(cancellationRule('2026-03-02T23:00:00Z', { timeZone: 'Australia/Perth', locale: 'en-AU' })).toBe(
    'Cancel before Tuesday 3 March 2026 at 7:00 am AWST and this session comes back to you; later cancellations use it.',
  )
})

it('once the cutoff has passed (a booking made less than the cutoff ahead), says cancelling now uses the session', () => {
  const cutoff = '2026-03-02T23:00:00Z'
  const zone = { timeZone: 'Australia/Perth', locale: 'en-AU' }
  expect(cancellationRuleAsOf(cutoff, new Date('2026-03-02T23:00:00Z'), zone)).toBe(cancellationRule(cutoff, zone))
  expect(cancellationRuleAsOf(cutoff, new Date('2026-03-02T23:00:01Z'), zone)).toBe(
    'The time to cancel and get this session back ended on Tuesday 3 March 2026 at 7:00 am AWST; cancelling now uses it.',
  )
})
