import { cleanup, render, screen } from '@testing-library/react'
import { MemoryRouter } from 'react-router-dom'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SessionView } from '../../../shared/api/session.ts'
import { functionsUrl } from '../config.ts'
import { json, stubFetch } from '../testing/fetchStub.ts'
import { openView, sessionView } from '../testing/sessionViews.ts'
import { AddToCalendar } from './AddToCalendar.tsx'
import { SessionScreen } from './SessionScreen.tsx'

const LINK = { bookingId: 'uid/1 +x&y', userType: 'member', token: 'v1.sig+/=' } as const
const calendarLink = () => screen.queryByRole('link', { name: 'Add to calendar' }) as HTMLAnchorElement | null

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

it("downloads the link's own invite from the session function, labelled and reachable by keyboard", () => {
  render(<AddToCalendar link={LINK} />)
  const link = calendarLink()!
  const url = new URL(link.href)
  expect(`${url.origin}${url.pathname}`).toBe(`${functionsUrl}/session`)
  expect(Object.fromEntries(url.searchParams)).toEqual({ ...LINK, format: 'ics' })
  expect(link.getAttribute('download')).toBe('presence-session.ics')
  expect(link.tabIndex).toBe(0)
  link.focus()
  expect(document.activeElement).toBe(link)
  expect(document.getElementById(link.getAttribute('aria-describedby')!)!.textContent).toMatch(/\.ics file/)
})

describe('on the session page', () => {
  const shown = async (view: SessionView, heading: string) => {
    stubFetch(json(200, view), json(200, view))
    render(
      <MemoryRouter>
        <SessionScreen link={LINK} />
      </MemoryRouter>,
    )
    await screen.findByRole('heading', { level: 1, name: heading })
    return calendarLink()
  }

  it.each([
    ['before the window (the countdown)', sessionView({}, Date.now(), 2 * 3600_000), 'Session between Jane Rivers and Max Member'],
    ['awaiting the host', sessionView({ bookingStatus: 'Pending', roomStatus: 'Not Created' }), 'Waiting for the host to confirm'],
    ['in the join window', openView(), 'Session between Jane Rivers and Max Member'],
  ])('is offered %s', async (_, view, heading) => {
    expect((await shown(view, heading))?.getAttribute('download')).toBe('presence-session.ics')
  })

  it.each([
    ['once the session is cancelled', sessionView({ bookingStatus: 'Cancelled', cancellationReason: 'Host is unwell', roomStatus: 'Ended' }), 'This session was cancelled'],
    ['once it has ended', sessionView({}, Date.now(), -3 * 3600_000), 'This session has ended'],
  ])('is not offered %s', async (_, view, heading) => {
    expect(await shown(view, heading)).toBeNull()
  })
})

it('several on one page each point at their own hint (no repeated id)', () => {
  render(
    <>
      <AddToCalendar link={LINK} />
      <AddToCalendar link={{ ...LINK, bookingId: 'uid-2' }} />
    </>,
  )
  const links = screen.getAllByRole('link', { name: 'Add to calendar' })
  const hints = links.map((link) => link.getAttribute('aria-describedby')!)
  expect(new Set(hints).size).toBe(2)
  for (const hint of hints) expect(document.querySelectorAll(`[id="${hint}"]`)).toHaveLength(1)
})
