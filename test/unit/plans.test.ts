import { describe, expect, it } from 'vitest'
import { creditStateFor, freeCancellationUntil } from '../../shared/credits/creditRules.ts'
import { PLANS } from '../../shared/plans/catalog.ts'
import { formatCents } from '../../shared/plans/formatMoney.ts'
import { splitPlan } from '../../shared/plans/split.ts'

describe('the plan catalog and its split', () => {
  it('Adhoc is AUD 18.00 for one session, 67% to the host; Weekly AUD 40.00 for three, 75%', () => {
    expect(splitPlan(PLANS.adhoc)).toEqual({ totalCents: 1800, hostCents: 1206, platformCents: 594, sessions: [{ amountCents: 1800, hostCents: 1206, platformCents: 594 }] })
    expect(splitPlan(PLANS.weekly)).toEqual({
      totalCents: 4000,
      hostCents: 3000,
      platformCents: 1000,
      sessions: [
        { amountCents: 1334, hostCents: 1000, platformCents: 334 },
        { amountCents: 1333, hostCents: 1000, platformCents: 333 },
        { amountCents: 1333, hostCents: 1000, platformCents: 333 },
      ],
    })
    expect(formatCents(PLANS.adhoc.priceCents).replace(/\s/g, ' ')).toBe('AUD 18.00')
    expect(formatCents(PLANS.weekly.priceCents).replace(/\s/g, ' ')).toBe('AUD 40.00')
  })

  it('never loses or makes a cent, for any price, session count and share', () => {
    for (let priceCents = 0; priceCents <= 5000; priceCents += 7) {
      for (const sessions of [1, 2, 3, 4, 7]) {
        for (const hostPercent of [0, 33, 67, 75, 99, 100]) {
          const split = splitPlan({ priceCents, sessions, hostPercent })
          const sum = (key: 'amountCents' | 'hostCents' | 'platformCents') => split.sessions.reduce((total, s) => total + s[key], 0)
          expect(split.hostCents + split.platformCents).toBe(priceCents)
          expect(sum('amountCents')).toBe(priceCents)
          expect(sum('hostCents')).toBe(split.hostCents)
          expect(sum('platformCents')).toBe(split.platformCents)
          for (const share of split.sessions) {
            expect(share.hostCents + share.platformCents).toBe(share.amountCents)
            expect(Math.min(share.hostCents, share.platformCents)).toBeGreaterThanOrEqual(0)
          }
        }
      }
    }
  })

  it('refuses a price or share that is not whole', () => {
    expect(() => splitPlan({ priceCents: 18.5, sessions: 1, hostPercent: 67 })).toThrow(RangeError)
    expect(() => splitPlan({ priceCents: 1800, sessions: 0, hostPercent: 67 })).toThrow(RangeError)
    expect(() => splitPlan({ priceCents: 1800, sessions: 1, hostPercent: 101 })).toThrow(RangeError)
  })
})

describe('the cancellation cutoff', () => {
  it('is the start less the cutoff in real hours, also across a DST change in the member’s zone', () => {
    // Sydney's clocks go back at 03:00 on 4 April 2027: 24 hours before 10:00 AEST that day is 11:00 AEDT the day before.
    const start = new Date('2027-04-04T00:00:00Z')
    const until = freeCancellationUntil(start, 24)
    expect(until.toISOString()).toBe('2027-04-03T00:00:00.000Z')
    const inSydney = (time: Date) =>
      new Intl.DateTimeFormat('en-AU', { timeZone: 'Australia/Sydney', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' }).format(time)
    expect(inSydney(start)).toMatch(/^4.*10:00.*AEST$/)
    expect(inSydney(until)).toMatch(/^3.*11:00.*AEDT$/)
  })

  it('returns the credit on or before the cutoff, uses it after; the host’s cancel always returns it', () => {
    const start = '2030-01-02T10:00:00.000Z'
    const at = (iso: string) => ({ status: 'Cancelled' as const, start, cancelledBy: 'member' as const, cancelledAt: iso })
    const fallback = new Date('2000-01-01')
    expect(creditStateFor(at('2030-01-01T10:00:00.000Z'), 24, fallback)).toBe('available')
    expect(creditStateFor(at('2030-01-01T10:00:00.001Z'), 24, fallback)).toBe('used')
    expect(creditStateFor({ ...at('2030-01-02T09:59:00.000Z'), cancelledBy: 'host' }, 24, fallback)).toBe('available')
    expect(creditStateFor({ ...at('2030-01-01T11:00:00.000Z'), cancelledAt: null }, 24, new Date('2030-01-01T09:00:00Z'))).toBe('available')
    expect(creditStateFor({ status: 'Created', start, cancelledBy: null, cancelledAt: null }, 24, fallback)).toBe('booked')
    expect(creditStateFor({ status: 'Completed', start, cancelledBy: null, cancelledAt: null }, 24, fallback)).toBe('used')
  })
})
