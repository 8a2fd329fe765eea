import ICAL from 'ical.js'
import { expect } from 'vitest'

/** A calendar file read by Mozilla's ical.js, not by our own code: what a calendar app would take from it. */
export function readCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text))
  const vevents = calendar.getAllSubcomponents('vevent')
  if (vevents.length !== 1) throw new Error(`expected one VEVENT, found ${vevents.length}`)
  const vevent = vevents[0]!
  const event = new ICAL.Event(vevent)
  const propertyText = (name: string) => {
    const value = vevent.getFirstPropertyValue(name)
    return value === null ? null : String(value)
  }
  return {
    method: calendar.getFirstPropertyValue('method'),
    version: calendar.getFirstPropertyValue('version'),
    prodId: calendar.getFirstPropertyValue('prodid'),
    timeZone: calendar.getFirstPropertyValue('x-wr-timezone'),
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    description: event.description,
    url: propertyText('url'),
    status: propertyText('status'),
    start: event.startDate.toJSDate().toISOString(),
    end: event.endDate.toJSDate().toISOString(),
    startIsUtc: event.startDate.zone?.tzid === 'UTC',
    stamp: propertyText('dtstamp'),
  }
}

/** The physical lines of a calendar file, split at its CRLFs. */
export function physicalLines(text: string): string[] {
  expect(text.endsWith('\r\n')).toBe(true)
  expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/)
  return text.slice(0, -2).split('\r\n')
}
