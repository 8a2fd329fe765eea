import { describe, expect, it } from 'vitest'
import { formatTimeInZone } from '../../shared/templates/formatTime.ts'
import { renderTemplate } from '../../shared/templates/renderTemplate.ts'

describe('message templates', () => {
  it('fills placeholders and drops unknown or empty ones instead of showing braces', () => {
    expect(renderTemplate('Hi {{memberName}}, see {{ hostName }} at {{startTime}}.{{unknown}}', { memberName: 'Max', hostName: 'Jane', startTime: null })).toBe(
      'Hi Max, see Jane at .',
    )
  })

  it('writes a time in the reader’s own zone, and in UTC when the zone is unknown', () => {
    const start = new Date('2030-03-04T09:00:00Z')
    expect(formatTimeInZone(start, 'Australia/Sydney')).toMatch(/8:00\s?pm AEDT/)
    expect(formatTimeInZone(start, 'Europe/London')).toMatch(/9:00\s?am GMT/)
    expect(formatTimeInZone(start, 'Not/AZone')).toMatch(/9:00\s?am UTC/)
    expect(formatTimeInZone(start, null)).toMatch(/UTC/)
  })
})
