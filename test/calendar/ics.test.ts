import { describe, expect, it } from 'vitest'
import { escapeText, foldLine, formatUtcDateTime, renderCalendar, type CalendarEvent } from '../../shared/calendar/ics.ts'
import { sessionInvite, type SessionInviteInput } from '../../shared/calendar/sessionInvite.ts'
import { physicalLines, readCalendar } from './readCalendar.ts'

const octets = (text: string) => new TextEncoder().encode(text).length

/** A small seeded generator, so a failing case can be run again. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** Pieces that break naive writers: every escaped character, line breaks, 1- to 4-octet UTF-8, combining marks, controls. */
const PIECES = ['a', 'Z', ' ', '\\', ';', ',', ':', '"', '\n', '\r\n', '\r', '\t', 'é', 'ß', '€', '中', '😀', '👩🏽‍💻', 'e\u0301', '\u0007', '\\n', 'BEGIN:VEVENT']

function hostileText(next: () => number, maxPieces: number): string {
  let text = ''
  const count = Math.floor(next() * maxPieces)
  for (let i = 0; i < count; i++) text += PIECES[Math.floor(next() * PIECES.length)]
  return text
}

/** What a TEXT value should read back as: line breaks as LF, other controls (not tab) gone. */
const expectedText = (value: string) => value.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')

const EVENT: CalendarEvent = {
  uid: '3f0c6a8e-0000-4000-8000-000000000001@presence',
  sequence: 3,
  stamp: new Date('2030-05-01T09:00:00.000Z'),
  start: new Date('2030-05-02T10:00:00.000Z'),
  end: new Date('2030-05-02T10:30:00.000Z'),
  summary: 'Presence session with Jane Rivers',
  description: 'Line one\nLine two',
  url: 'http://127.0.0.1:5173/video-session?bookingId=bk-1&userType=member&token=v1.abc',
  status: 'CONFIRMED',
  timeZone: 'Australia/Sydney',
}

describe('the calendar file', () => {
  it('is a VCALENDAR another parser reads: UTC times, the UID, SEQUENCE, the link, the zone, no METHOD', () => {
    const parsed = readCalendar(renderCalendar(EVENT))
    expect(parsed).toMatchObject({
      method: null,
      version: '2.0',
      timeZone: 'Australia/Sydney',
      uid: EVENT.uid,
      sequence: 3,
      summary: 'Presence session with Jane Rivers',
      description: 'Line one\nLine two',
      url: EVENT.url,
      status: 'CONFIRMED',
      start: '2030-05-02T10:00:00.000Z',
      end: '2030-05-02T10:30:00.000Z',
      startIsUtc: true,
    })
    expect(renderCalendar(EVENT)).toContain('\r\nDTSTART:20300502T100000Z\r\nDTEND:20300502T103000Z\r\n')
  })

  it('writes UTC DATE-TIME to the second', () => {
    expect(formatUtcDateTime(new Date('2030-12-31T23:59:59.999Z'))).toBe('20301231T235959Z')
  })

  it('leaves out a zone that is not an IANA zone rather than naming a wrong one', () => {
    const text = renderCalendar({ ...EVENT, timeZone: 'Mars/Olympus_Mons' })
    expect(text).not.toContain('X-WR-TIMEZONE')
    expect(readCalendar(text).timeZone).toBeNull()
  })

  it('escapes TEXT per RFC 5545', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng')
    expect(escapeText('bell\u0007 nul\u0000 tab\t')).toBe('bell nul tab\t')
  })

  it('folds at 75 octets with a leading space, and unfolding gives the line back', () => {
    const line = `DESCRIPTION:${'x'.repeat(200)}`
    const folded = foldLine(line).split('\r\n')
    expect(folded.map(octets)).toEqual([75, 75, 64])
    expect(folded.slice(1).every((part) => part.startsWith(' '))).toBe(true)
    expect(folded.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line)
    expect(foldLine('SHORT:x')).toBe('SHORT:x')
  })

  it('never splits a UTF-8 sequence, at any offset', () => {
    for (const char of ['é', '€', '😀']) {
      for (let offset = 0; offset < 4; offset++) {
        const line = `SUMMARY:${'a'.repeat(offset)}${char.repeat(60)}`
        const parts = foldLine(line).split('\r\n')
        for (const part of parts) {
          expect(octets(part)).toBeLessThanOrEqual(75)
          expect(part).not.toMatch(/[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/)
          expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(part))).toBe(part)
        }
        expect(parts.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line)
      }
    }
  })

  it('hostile names and descriptions (500 generated): every line within 75 octets, CRLF only, read back exactly', () => {
    const next = random(20300501)
    for (let run = 0; run < 500; run++) {
      const summary = hostileText(next, 60)
      const description = hostileText(next, 200)
      const text = renderCalendar({ ...EVENT, summary, description })
      for (const line of physicalLines(text)) expect(octets(line)).toBeLessThanOrEqual(75)
      const parsed = readCalendar(text)
      expect({ summary: parsed.summary, description: parsed.description }).toEqual({ summary: expectedText(summary), description: expectedText(description) })
      expect(parsed.uid).toBe(EVENT.uid)
    }
  })

  it('a name that tries to inject a property or a second event stays text', () => {
    const summary = 'Eve\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:other\r\nSUMMARY:owned'
    const parsed = readCalendar(renderCalendar({ ...EVENT, summary }))
    expect(parsed.uid).toBe(EVENT.uid)
    expect(parsed.summary).toBe('Eve\nEND:VEVENT\nBEGIN:VEVENT\nUID:other\nSUMMARY:owned')
  })
})

describe('the session invite', () => {
  const input: SessionInviteInput = {
    sessionId: '3f0c6a8e-0000-4000-8000-000000000001',
    stateVersion: 2,
    state: {
      status: 'Created',
      start: '2030-05-02T10:00:00.000Z',
      end: '2030-05-02T10:30:00.000Z',
      hostName: 'Jane Rivers',
      memberName: 'Max, "the; member"',
      hostTimeZone: 'Europe/London',
      memberTimeZone: 'Australia/Sydney',
      cancellationReason: null,
    },
    role: 'member',
    link: EVENT.url,
    now: new Date('2030-05-01T09:00:00Z'),
  }

  it("names the other party and gives the time in the viewer's zone beside the UTC times", () => {
    const member = readCalendar(sessionInvite(input))
    expect(member).toMatchObject({ uid: `${input.sessionId}@presence`, sequence: 2, summary: 'Presence session with Jane Rivers', timeZone: 'Australia/Sydney', status: 'CONFIRMED' })
    expect(member.description).toContain('When: Thu, 2 May 2030, 8:00 – 8:30 pm AEST (Australia/Sydney).')
    expect(member.description).toContain(`Join from 15 minutes before the start: ${EVENT.url}`)
    const host = readCalendar(sessionInvite({ ...input, role: 'host' }))
    expect(host).toMatchObject({ summary: 'Presence session with Max, "the; member"', timeZone: 'Europe/London' })
    expect(host.description).toContain('When: Thu, 2 May 2030, 11:00 – 11:30 am GMT+1 (Europe/London).')
  })

  it('a session awaiting the host is tentative and says so; a cancelled one is cancelled, with the reason', () => {
    const pending = readCalendar(sessionInvite({ ...input, state: { ...input.state, status: 'Pending' } }))
    expect(pending.status).toBe('TENTATIVE')
    expect(pending.description).toContain('The host has not confirmed this booking yet.')
    const cancelled = readCalendar(sessionInvite({ ...input, stateVersion: 5, state: { ...input.state, status: 'Cancelled', cancellationReason: 'Host is ill' } }))
    expect(cancelled).toMatchObject({ status: 'CANCELLED', sequence: 5, uid: `${input.sessionId}@presence`, summary: 'Cancelled: Presence session with Jane Rivers' })
    expect(cancelled.description).toContain('This session was cancelled. Reason: Host is ill')
  })

  it('without a known zone the time is given in UTC, named as such, and no zone is claimed', () => {
    const parsed = readCalendar(sessionInvite({ ...input, state: { ...input.state, memberTimeZone: null } }))
    expect(parsed.timeZone).toBeNull()
    expect(parsed.description).toContain('When: Thu, 2 May 2030, 10:00 – 10:30 am UTC.')
  })

  it('a session a DST change falls inside gives each end its own offset', () => {
    // 15:30-16:00 UTC on 3 April 2027: Sydney's clocks go back at 03:00 AEDT (16:00 UTC).
    const parsed = readCalendar(sessionInvite({ ...input, state: { ...input.state, start: '2027-04-03T15:30:00.000Z', end: '2027-04-03T16:00:00.000Z' } }))
    expect(parsed.description).toContain('When: Sun, 4 Apr 2027, 2:30 am AEDT – 2:00 am AEST (Australia/Sydney).')
  })
})
