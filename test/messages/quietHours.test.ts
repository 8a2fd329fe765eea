import { describe, expect, it } from 'vitest'
import { MESSAGES } from '../../shared/messages/catalogue.ts'
import { nextSendableAt } from '../../shared/messages/quietHours.ts'

const ZONES = [
  'Australia/Sydney', 'Australia/Lord_Howe', 'Australia/Perth', 'Australia/Adelaide', 'Australia/Brisbane', 'Pacific/Auckland',
  'Pacific/Chatham', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York', 'America/St_Johns', 'Europe/London', 'Pacific/Kiritimati',
  'Pacific/Pago_Pago', 'UTC',
]

const clocks = new Map(ZONES.map((zone) => [zone, new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })]))
function localTime(at: Date, zone: string): string {
  return clocks.get(zone)!.format(at)
}

const daytime = (at: Date, zone: string) => localTime(at, zone) >= '08:00' && localTime(at, zone) < '21:00'

describe('quiet hours (08:00-21:00 on the recipient’s clock)', () => {
  it('sends at once in the recipient’s daytime, and waits for their 08:00 otherwise', () => {
    // 10:30 UTC is 21:30 in Sydney (AEDT) and 10:30 in London.
    const at = new Date('2027-01-10T10:30:00Z')
    expect(nextSendableAt(at, 'Europe/London')).toEqual(at)
    expect(nextSendableAt(at, 'Australia/Sydney')).toEqual(new Date('2027-01-10T21:00:00Z'))
    // 06:00 in Sydney: the same morning's 08:00.
    expect(nextSendableAt(new Date('2027-01-10T19:00:00Z'), 'Australia/Sydney')).toEqual(new Date('2027-01-10T21:00:00Z'))
  })

  it('lands on 08:00 in the new offset across a DST change (Sydney, 3-4 April 2027; Lord Howe moves half an hour)', () => {
    // 22:00 AEDT on 3 April; the clocks go back at 03:00 on the 4th, so 08:00 AEST is 22:00 UTC.
    expect(nextSendableAt(new Date('2027-04-03T11:00:00Z'), 'Australia/Sydney')).toEqual(new Date('2027-04-03T22:00:00Z'))
    expect(localTime(nextSendableAt(new Date('2027-04-03T11:00:00Z'), 'Australia/Lord_Howe'), 'Australia/Lord_Howe')).toBe('08:00')
    // Forward in October: 08:00 AEDT on the 3rd is 21:00 UTC on the 2nd.
    expect(nextSendableAt(new Date('2027-10-02T12:00:00Z'), 'Australia/Sydney')).toEqual(new Date('2027-10-02T21:00:00Z'))
  })

  it('over many zones and instants: never earlier than due, always in daytime, and the first daytime minute', () => {
    const start = Date.UTC(2027, 0, 1)
    for (const zone of ZONES) {
      // Every 97 minutes through a year: every hour of the day, and each zone's DST changes.
      for (let t = start; t < start + 366 * 86_400_000; t += 97 * 60_000) {
        const now = new Date(t)
        const at = nextSendableAt(now, zone)
        expect(at.getTime()).toBeGreaterThanOrEqual(t)
        expect(daytime(at, zone), `${zone} ${now.toISOString()} -> ${at.toISOString()}`).toBe(true)
        if (at.getTime() > t) {
          expect(localTime(at, zone)).toBe('08:00')
          // 21:00 to 08:00 is 11 hours, 12 on the night the clocks go back.
          expect(at.getTime() - t).toBeLessThanOrEqual(12 * 3_600_000)
        }
      }
    }
  })

  it('reads an unknown or missing zone as UTC', () => {
    const at = new Date('2027-01-10T22:00:00Z')
    expect(nextSendableAt(at, 'Not/AZone')).toEqual(new Date('2027-01-11T08:00:00Z'))
    expect(nextSendableAt(at, null)).toEqual(new Date('2027-01-11T08:00:00Z'))
  })

  it('the payment confirmation is urgent: it goes whatever the hour', () => {
    expect(MESSAGES['payment-confirmation'].urgent).toBe(true)
  })
})
