import { describe, expect, it } from 'vitest'
import { formatTimeInZone } from '../../shared/templates/formatTime.ts'
import { placeholdersOf, renderTemplate } from '../../shared/templates/renderTemplate.ts'

describe('message templates', () => {
  it('fills every placeholder, spaces inside the braces or not', () => {
    expect(renderTemplate('Hi {{memberName}}, see {{ hostName }} soon.', { memberName: 'Max', hostName: 'Jane' })).toEqual({
      ok: true,
      text: 'Hi Max, see Jane soon.',
    })
  })

  it('reports each placeholder with no value (unknown, null or blank) instead of sending braces or a gap', () => {
    expect(renderTemplate('Hi {{memberName}}, see {{ hostName }} at {{startTime}}.{{unknown}} {{startTime}}', { memberName: 'Max', hostName: ' ', startTime: null })).toEqual({
      ok: false,
      missing: ['hostName', 'startTime', 'unknown'],
    })
  })

  it('lists the placeholders a body uses, once each', () => {
    expect(placeholdersOf('{{a}} {{ b }} {{a}} {not} {{ 1x }}')).toEqual(['a', 'b'])
  })

  it('writes a time in the reader’s own zone, and in UTC when the zone is unknown', () => {
    const start = new Date('2030-03-04T09:00:00Z')
    expect(formatTimeInZone(start, 'Australia/Sydney')).toMatch(/8:00\s?pm AEDT/)
    expect(formatTimeInZone(start, 'Europe/London')).toMatch(/9:00\s?am GMT/)
    expect(formatTimeInZone(start, 'Not/AZone')).toMatch(/9:00\s?am UTC/)
    expect(formatTimeInZone(start, null)).toMatch(/UTC/)
  })
})
