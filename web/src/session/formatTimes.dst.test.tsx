import { cleanup, render, screen } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { sessionView } from '../testing/sessionViews.ts'
import { SessionSummary } from './SessionSummary.tsx'

// A member in Sydney: the page reads the browser's zone.
const zoneBefore = process.env.TZ
beforeAll(() => {
  process.env.TZ = 'Australia/Sydney'
})
afterAll(() => {
  process.env.TZ = zoneBefore
})
afterEach(cleanup)

const plain = (text: string | null) => (text ?? '').replace(/[\u2009\u202f]/g, ' ')

it('the issue’s session (15:30-16:00 UTC, 3 April 2027) shows each end with its own offset, never an end before the start under one name', () => {
  render(<SessionSummary view={sessionView({ start: '2027-04-03T15:30:00.000Z', end: '2027-04-03T16:00:00.000Z' }, Date.parse('2027-04-03T10:00:00Z'))} />)
  const when = plain(screen.getByText('When').nextElementSibling!.textContent)
  // The browser's locale decides the words ("AEDT" in en-AU, "GMT+11" in en-US); each end names its own.
  const [, startZone, endZone] = /2:30 [ap]m (\S+) – 2:00 [ap]m (\S+)/i.exec(when) ?? []
  expect(startZone).toMatch(/AEDT|GMT\+11/)
  expect(endZone).toMatch(/AEST|GMT\+10/)
  expect(when).not.toMatch(/2:30 – 2:00/)
})

it('a range with no change inside it stays under one zone', () => {
  render(<SessionSummary view={sessionView({ start: '2027-04-03T17:30:00.000Z', end: '2027-04-03T18:00:00.000Z' }, Date.parse('2027-04-03T10:00:00Z'))} />)
  const when = plain(screen.getByText('When').nextElementSibling!.textContent)
  expect(when).toMatch(/3:30 – 4:00 am/i)
  expect(when).toContain('Australia/Sydney (Australian Eastern Standard Time)')
})
