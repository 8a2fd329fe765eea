import { describe, expect, it } from 'vitest'
import { attendanceLabel, minutesBySide, outcomeOf, reconcileDueAt, settlementOf, sideOf, type Visit } from '../../shared/attendance/attendanceRules.ts'
import { isVerificationRequest } from '../../shared/attendance/dailyEvents.ts'
import { dailySecretKey, timestampProblem } from '../../shared/attendance/dailySignature.ts'
import { describeProviders, loadConfig } from '../../shared/config/loadConfig.ts'

const T0 = Date.parse('2027-04-03T15:30:00Z')
const at = (minutes: number) => new Date(T0 + minutes * 60_000)
const visit = (side: Visit['side'], from: number, to: number | null): Visit => ({ side, joinedAt: at(from), leftAt: to === null ? null : at(to) })

describe('minutes per side', () => {
  it('counts overlapping and repeated visits once, an open visit to the given end, and rounds to the minute', () => {
    const visits = [visit('host', 0, 20), visit('host', 10, 30), visit('host', 40, 45), visit('member', 2, null), visit('member', 5, 10)]
    expect(minutesBySide(visits, at(30))).toEqual({ host: 35, member: 28 })
    expect(minutesBySide([{ side: 'member', joinedAt: at(0), leftAt: new Date(T0 + 89_000) }], at(60))).toEqual({ host: 0, member: 1 })
    expect(minutesBySide([], at(30))).toEqual({ host: 0, member: 0 })
    // A leave reported before its join (clock skew) counts nothing rather than negative time.
    expect(minutesBySide([visit('host', 10, 5)], at(30))).toEqual({ host: 0, member: 0 })
  })
})

describe('who is who', () => {
  it("reads the token's ud for this session first, then Daily's owner flag", () => {
    expect(sideOf({ userId: 'host:s1', owner: false }, 's1')).toBe('host')
    expect(sideOf({ userId: 'member:s1', owner: true }, 's1')).toBe('member')
    expect(sideOf({ userId: 'host:another-session', owner: false }, 's1')).toBe('member')
    expect(sideOf({ userId: null, owner: true }, 's1')).toBe('host')
  })

  it('outcomes and what they do to the money', () => {
    expect(outcomeOf({ host: true, member: true })).toBe('attended')
    expect(outcomeOf({ host: true, member: false })).toBe('member_no_show')
    expect(outcomeOf({ host: false, member: true })).toBe('host_no_show')
    expect(outcomeOf({ host: false, member: false })).toBe('both_absent')
    expect(settlementOf('member_no_show')).toEqual({ payHost: true, credit: 'used', thankMember: false })
    expect(settlementOf('host_no_show')).toEqual({ payHost: false, credit: 'available', thankMember: false })
    expect(settlementOf('both_absent')).toEqual({ payHost: false, credit: 'available', thankMember: false })
    expect(attendanceLabel(null, true)).toBe('In Progress')
    expect(attendanceLabel(null, false)).toBeNull()
    expect(attendanceLabel('host_no_show', true)).toBe('Host No-Show')
  })

  it('the reconcile is due after the room has closed', () => {
    expect(reconcileDueAt(at(30)).getTime() - at(30).getTime()).toBe(15 * 60_000)
  })
})

describe("Daily's requests", () => {
  it("tells Daily's creation check from an event", () => {
    expect(isVerificationRequest({ test: 'test' })).toBe(true)
    expect(isVerificationRequest({ type: 'meeting.started', id: 'x', payload: {} })).toBe(false)
    expect(isVerificationRequest(null)).toBe(false)
    expect(isVerificationRequest([])).toBe(false)
  })

  it('timestamps: unix seconds or milliseconds, up to an hour old, at most 5 minutes ahead', () => {
    const now = new Date(T0)
    expect(timestampProblem(String(T0 / 1000), now)).toBeNull()
    expect(timestampProblem(String(T0), now)).toBeNull()
    expect(timestampProblem(String(T0 / 1000 - 3_500), now)).toBeNull()
    expect(timestampProblem(String(T0 / 1000 - 3_700), now)).toContain('more than an hour old')
    expect(timestampProblem(String(T0 / 1000 + 600), now)).toContain('in the future')
    expect(timestampProblem('1.5e9', now)).toContain('not a unix time')
  })

  it('DAILY_WEBHOOK_SECRET must be base64', () => {
    expect(dailySecretKey('c2VjcmV0')).toEqual(new TextEncoder().encode('secret'))
    expect(dailySecretKey('not base64!')).toBeNull()
    const env = { DAILY_API_KEY: 'k', DAILY_DOMAIN: 'presence' }
    expect(loadConfig({ ...env, DAILY_WEBHOOK_SECRET: 'c2VjcmV0' }).daily?.webhookSecret).toBe('c2VjcmV0')
    expect(() => loadConfig({ ...env, DAILY_WEBHOOK_SECRET: 'not base64!' })).toThrow(/DAILY_WEBHOOK_SECRET: must be the base64 secret Daily gives/)
    expect(describeProviders(loadConfig({ ...env, DAILY_WEBHOOK_SECRET: 'c2VjcmV0' })).Attendance).toMatch(/webhooks/)
    expect(describeProviders(loadConfig(env)).Attendance).toMatch(/set DAILY_WEBHOOK_SECRET/)
    expect(describeProviders(loadConfig({})).Attendance).toMatch(/local rooms/)
  })
})
