import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { sessionView } from '../testing/sessionViews.ts'
import { SessionSummary } from './SessionSummary.tsx'

const HOUR = 3_600_000

afterEach(cleanup)

it('tells the member until when cancelling gives the session back, with the exact time', () => {
  const now = Date.parse('2030-01-01T00:00:00Z')
  render(<SessionSummary view={sessionView({ freeCancellationUntil: '2030-01-02T09:00:00.000Z' }, now)} />)
  const rule = screen.getByText(/comes back to you/)
  expect(rule.textContent).toMatch(/^Cancel before .*2030.* and this session comes back to you; later cancellations use it\.$/)
  expect(rule.textContent).toContain(new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(new Date('2030-01-02T09:00:00Z')))
})

it('says a cancellation now uses the session once the cutoff has passed', () => {
  const now = Date.now()
  render(<SessionSummary view={sessionView({ freeCancellationUntil: new Date(now - HOUR).toISOString() }, now)} />)
  expect(screen.getByText(/cancelling now uses it/)).toBeTruthy()
})

it('says nothing about cancelling when the booking uses no paid session, or for the host', () => {
  render(<SessionSummary view={sessionView({ freeCancellationUntil: null })} />)
  expect(screen.queryByText('Cancelling')).toBeNull()
})
