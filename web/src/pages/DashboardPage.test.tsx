import axe from 'axe-core'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router-dom'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MemberDashboard } from '../../../shared/api/dashboard.ts'
import { formatDeadline } from '../booking/bookingTimes.ts'
import { functionsUrl } from '../config.ts'
import { describeTimeZone, formatSessionRange } from '../session/formatTimes.ts'
import { json, stubFetch } from '../testing/fetchStub.ts'
import { creditGroup, hostLike, memberDashboard, OMAR, pastSession, upcomingSession } from '../testing/memberDashboards.ts'
import DashboardPage from './DashboardPage.tsx'

const NOW = Date.parse('2026-03-10T00:00:00Z')
const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

function Location() {
  const location = useLocation()
  return <p data-testid="location">{location.pathname + location.search}</p>
}

function renderAt(url = '/dashboard') {
  const router = createMemoryRouter(
    [
      { path: '/dashboard', element: <DashboardPage /> },
      ...['/sign-in', '/video-session', '/plans', '/book', '/host-selection', '/host'].map((path) => ({ path, element: <Location /> })),
    ],
    { initialEntries: [url] },
  )
  render(<RouterProvider router={router} />)
  return router
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))
const settle = () => advance(0)
const at = (router: ReturnType<typeof renderAt>) => router.state.location.pathname + router.state.location.search
const section = (name: string) => screen.getByRole('region', { name })
const card = (name: string) => screen.getByRole('article', { name })
const query = (url: URL) => Object.fromEntries(url.searchParams)
const dashboardRequest = (params: Record<string, string>) => ({ origin: new URL(functionsUrl).origin, path: `${new URL(functionsUrl).pathname}/dashboard`, params })
const requested = (url: URL) => ({ origin: url.origin, path: url.pathname, params: query(url) })

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(NOW)
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

it('empty: says there is nothing yet and points to the hosts; the three sections are there', async () => {
  const fetch = stubFetch(json(200, memberDashboard({}, NOW)))
  const router = renderAt()
  expect(screen.getByRole('status').textContent).toBe('Loading your sessions…')
  await settle()

  expect(requested(fetch.requests[0]!.url)).toEqual(dashboardRequest({ role: 'member', limit: '20' }))
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Your sessions')
  expect(screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent)).toEqual(['Upcoming', 'Your credits', 'Past sessions'])
  expect(screen.getByText('You have no sessions or credits yet.')).toBeTruthy()
  expect(within(section('Upcoming')).getByText('No upcoming sessions.')).toBeTruthy()
  expect(within(section('Your credits')).getByText(/No credits left/)).toBeTruthy()
  expect(within(section('Your credits')).getByRole('link', { name: 'Find a host to buy a plan with' }).getAttribute('href')).toBe('/host-selection')
  expect(within(section('Past sessions')).getByText('No past sessions yet.')).toBeTruthy()
  expect(screen.queryByRole('navigation', { name: 'Past sessions pages' })).toBeNull()
  expect(screen.queryByRole('region', { name: 'Host liked you' })).toBeNull()

  fireEvent.click(screen.getByRole('link', { name: 'Choose a host' }))
  expect(at(router)).toBe('/host-selection')
})

describe('upcoming', () => {
  const soon = upcomingSession({ bookingId: 'uid-soon', freeCancellationUntil: new Date(NOW + 2 * HOUR).toISOString() }, NOW, 26 * HOUR - 15 * MINUTE)
  const later = upcomingSession({ bookingId: 'uid-later', host: OMAR, title: 'Morning check-in' }, NOW, 5 * 24 * HOUR)
  const lastMinute = upcomingSession({ bookingId: 'uid-close', freeCancellationUntil: new Date(NOW - 3 * HOUR).toISOString() }, NOW, 21 * HOUR - 15 * MINUTE)

  it('one card per session in the order given: host, time in the viewer\'s zone, state, a waiting Join, the invite, and Cal.com\'s pages after the rule', async () => {
    stubFetch(json(200, memberDashboard({ upcoming: [soon, later] }, NOW)))
    renderAt()
    await settle()

    const cards = within(section('Upcoming')).getAllByRole('article')
    expect(cards.map((article) => article.querySelector('h3')!.textContent)).toEqual(['Session with Jane Rivers', 'Morning check-in'])
    const first = card('Session with Jane Rivers')
    expect(first.textContent).toContain('With Jane Rivers · you are the member')
    const time = first.querySelector('time')!
    expect(time.getAttribute('datetime')).toBe(soon.start)
    expect(time.textContent).toBe(formatSessionRange(soon.start, soon.end))
    expect(first.textContent).toContain(`· ${describeTimeZone(soon.start)}`)
    expect(within(first).getByText('Booked')).toBeTruthy()

    expect((within(first).getByRole('button', { name: 'Join' }) as HTMLButtonElement).disabled).toBe(true)
    expect(within(first).getByRole('timer').textContent).toBe('1 day 1 h')

    const invite = new URL((within(first).getByRole('link', { name: 'Add to calendar' }) as HTMLAnchorElement).href)
    expect(query(invite)).toEqual({ bookingId: 'uid-soon', userType: 'member', token: 'v1.uid-soon', format: 'ics' })

    const rule = `Cancel or reschedule before ${formatDeadline(soon.freeCancellationUntil!)} and your session credit comes back.`
    expect(within(first).getByText(rule)).toBeTruthy()
    const reschedule = within(first).getByRole('link', { name: 'Reschedule' })
    const cancel = within(first).getByRole('link', { name: 'Cancel' })
    expect(reschedule.getAttribute('href')).toBe(soon.calcom!.rescheduleUrl)
    expect(cancel.getAttribute('href')).toBe(soon.calcom!.cancelUrl)
    for (const link of [reschedule, cancel]) expect(document.getElementById(link.getAttribute('aria-describedby')!)!.textContent).toBe(rule)
    // Every card's invite hint has its own id.
    const hints = screen.getAllByRole('link', { name: 'Add to calendar' }).map((link) => link.getAttribute('aria-describedby'))
    expect(new Set(hints).size).toBe(2)
  })

  it('past the cutoff, the rule says cancelling uses the credit; and it turns so while the page is open', async () => {
    stubFetch(json(200, memberDashboard({ upcoming: [soon, lastMinute] }, NOW)))
    renderAt()
    await settle()

    expect(within(screen.getAllByRole('article')[0]!).queryByText(/less than/)).toBeNull()
    const close = screen.getAllByRole('article')[1]!
    expect(within(close).getByText('It is less than 24 hours away: cancelling now uses the credit.')).toBeTruthy()

    await advance(2 * HOUR)
    expect(within(screen.getAllByRole('article')[0]!).queryByText(/less than/)).toBeNull()
    await advance(1)
    expect(within(screen.getAllByRole('article')[0]!).getByText('It is less than 24 hours away: cancelling now uses the credit.')).toBeTruthy()
  })

  it('joinable: the countdown reaches the window and Join becomes the way in, without a reload', async () => {
    const fetch = stubFetch(json(200, memberDashboard({ upcoming: [upcomingSession({ bookingId: 'uid-now' }, NOW, 5 * SECOND)] }, NOW)))
    const router = renderAt()
    await settle()

    expect(screen.getByRole('timer').textContent).toBe('00:05')
    expect(screen.queryByRole('link', { name: 'Join' })).toBeNull()
    await advance(4 * SECOND)
    expect(screen.getByRole('timer').textContent).toBe('00:01')
    await advance(SECOND)

    expect(screen.queryByRole('button', { name: 'Join' })).toBeNull()
    expect(screen.getByRole('status').textContent).toBe('The room is open: you can join now.')
    expect(fetch.requests).toHaveLength(1)
    fireEvent.click(screen.getByRole('link', { name: 'Join' }))
    expect(at(router)).toBe('/video-session?bookingId=uid-now&userType=member&token=v1.uid-now')
  })

  it('inside the window already: Join is a link at once', async () => {
    stubFetch(json(200, memberDashboard({ upcoming: [upcomingSession({}, NOW, -MINUTE)] }, NOW)))
    renderAt()
    await settle()
    expect(screen.getByRole('link', { name: 'Join' })).toBeTruthy()
    expect(screen.queryByRole('timer')).toBeNull()
  })

  it('flagged: says what it means for the member, and that changing it moves no credit', async () => {
    const flagged = upcomingSession({ paymentFlag: 'No Paid Session', freeCancellationUntil: null }, NOW)
    stubFetch(json(200, memberDashboard({ upcoming: [flagged] }, NOW)))
    renderAt()
    await settle()

    const article = card('Session with Jane Rivers')
    expect(within(article).getByText(/made on Cal\.com without one of your Presence sessions, so it uses none of your credits/)).toBeTruthy()
    expect(within(article).getByText('This booking uses none of your credits, so cancelling or rescheduling it changes none.')).toBeTruthy()
    expect(within(article).getByRole('link', { name: 'Reschedule' })).toBeTruthy()
    expect(within(article).getByRole('button', { name: 'Join' })).toBeTruthy()
  })

  it('cancelled: the reason and who cancelled, and nothing left to join, add or change', async () => {
    const cancelled = upcomingSession({ status: 'Cancelled', cancelledBy: 'host', cancellationReason: 'Host is unwell', calcom: null }, NOW)
    const byMember = upcomingSession({ bookingId: 'uid-mine', host: OMAR, status: 'Cancelled', cancelledBy: 'member', calcom: null }, NOW)
    stubFetch(json(200, memberDashboard({ upcoming: [cancelled, byMember] }, NOW)))
    renderAt()
    await settle()

    const article = card('Session with Jane Rivers')
    expect(within(article).getByText('Cancelled', { selector: '.status' })).toBeTruthy()
    expect(within(article).getByText('Cancelled by Jane Rivers. Reason: Host is unwell')).toBeTruthy()
    expect(within(card('Session with Omar Haddad')).getByText('Cancelled by you. No reason was given.')).toBeTruthy()
    for (const name of ['Join', 'Add to calendar', 'Reschedule', 'Cancel']) {
      expect(within(section('Upcoming')).queryByRole('link', { name })).toBeNull()
      expect(within(section('Upcoming')).queryByRole('button', { name })).toBeNull()
    }
  })
})

it('credits: per host and plan, with Book for the first bookable one', async () => {
  const credits = [creditGroup({}, 2, 'pur-1'), creditGroup({ host: OMAR, plan: 'adhoc' }, 1, 'pur-7')]
  stubFetch(json(200, memberDashboard({ credits }, NOW)))
  const router = renderAt()
  await settle()

  const list = section('Your credits')
  expect(within(list).getAllByRole('listitem').map((item) => item.querySelector('span')!.textContent)).toEqual([
    '2 Weekly sessions left with Jane Rivers',
    '1 Adhoc session left with Omar Haddad',
  ])
  expect(screen.queryByText('You have no sessions or credits yet.')).toBeNull()
  expect(within(list).getByRole('link', { name: 'Book with Omar Haddad' }).getAttribute('href')).toBe('/book?purchase=pur-7')
  fireEvent.click(within(list).getByRole('link', { name: 'Book with Jane Rivers' }))
  expect(at(router)).toBe('/book?purchase=pur-1')
})

describe('past sessions', () => {
  const firstPage = memberDashboard(
    {
      past: {
        items: [pastSession({ rating: { stars: 4, comment: 'Lovely' } }, NOW, 1), pastSession({ host: OMAR }, NOW, 2)],
        nextCursor: 'cursor-2',
      },
    },
    NOW,
  )
  const secondPage = memberDashboard({ past: { items: [pastSession({ status: 'Cancelled', cancelledBy: 'member' }, NOW, 9)], nextCursor: null } }, NOW)

  it('newest first with the rating (or not) and Rebook; Older sessions pushes the cursor into the URL, Back returns', async () => {
    const fetch = stubFetch(json(200, firstPage), json(200, secondPage), json(200, firstPage))
    const router = renderAt()
    await settle()

    const cards = within(section('Past sessions')).getAllByRole('article')
    expect(cards).toHaveLength(2)
    expect(cards[0]!.textContent).toContain('You rated it 4 of 5')
    expect(cards[0]!.textContent).toContain('Completed')
    expect(cards[1]!.textContent).toContain('Not rated')
    expect(within(cards[0]!).queryByRole('link', { name: /Session with/ })).toBeNull()
    expect(within(cards[1]!).getByRole('link', { name: 'Rebook with Omar Haddad' }).getAttribute('href')).toBe('/plans?host=host-omar')
    expect(screen.queryByRole('link', { name: 'Newest sessions' })).toBeNull()

    fireEvent.click(screen.getByRole('link', { name: 'Older sessions' }))
    expect(at(router)).toBe('/dashboard?before=cursor-2&perPage=20')
    await settle()
    expect(query(fetch.requests[1]!.url)).toEqual({ role: 'member', cursor: 'cursor-2', limit: '20' })
    const older = within(section('Past sessions')).getAllByRole('article')
    expect(older).toHaveLength(1)
    expect(older[0]!.textContent).toContain('Cancelled by you.')
    expect(screen.queryByRole('link', { name: 'Older sessions' })).toBeNull()
    expect(screen.getByRole('link', { name: 'Newest sessions' }).getAttribute('href')).toBe('/dashboard?perPage=20')
    // The link that had focus may be gone: the list's heading takes it.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Past sessions' }))

    await act(() => router.navigate(-1))
    await settle()
    expect(at(router)).toBe('/dashboard')
    expect(query(fetch.requests[2]!.url)).toEqual({ role: 'member', limit: '20' })
    expect(within(section('Past sessions')).getAllByRole('article')).toHaveLength(2)
  })

  it('"Sessions per page" asks for that many, keeps the place, and is kept in the URL', async () => {
    const fetch = stubFetch(json(200, secondPage), json(200, secondPage))
    const router = renderAt('/dashboard?before=cursor-2&perPage=10')
    await settle()
    expect(query(fetch.requests[0]!.url)).toEqual({ role: 'member', cursor: 'cursor-2', limit: '10' })

    const size = screen.getByRole('combobox', { name: 'Sessions per page' }) as HTMLSelectElement
    expect([...size.options].map((option) => option.value)).toEqual(['10', '20', '50'])
    expect(size.value).toBe('10')
    fireEvent.change(size, { target: { value: '50' } })
    await settle()
    expect(at(router)).toBe('/dashboard?before=cursor-2&perPage=50')
    expect(query(fetch.requests[1]!.url)).toEqual({ role: 'member', cursor: 'cursor-2', limit: '50' })

    fireEvent.click(screen.getByRole('link', { name: 'Newest sessions' }))
    expect(at(router)).toBe('/dashboard?perPage=50')
  })

  it('a slow answer for the page left behind never replaces the page asked for since', async () => {
    let answerFirst!: (response: Response) => void
    stubFetch(() => new Promise<Response>((resolve) => (answerFirst = resolve)), json(200, secondPage))
    const router = renderAt()
    await settle()
    await act(() => router.navigate('/dashboard?before=cursor-2&perPage=20'))
    await settle()
    expect(within(section('Past sessions')).getAllByRole('article')).toHaveLength(1)

    answerFirst(json(200, firstPage))
    await settle()
    expect(within(section('Past sessions')).getAllByRole('article')).toHaveLength(1)
    expect(screen.getByRole('link', { name: 'Newest sessions' })).toBeTruthy()
  })

  it('a page size that is not offered falls back to the default', async () => {
    const fetch = stubFetch(json(200, firstPage))
    renderAt('/dashboard?perPage=5000')
    await settle()
    expect(query(fetch.requests[0]!.url)).toEqual({ role: 'member', limit: '20' })
    expect((screen.getByRole('combobox', { name: 'Sessions per page' }) as HTMLSelectElement).value).toBe('20')
  })

  it('a page link the server refuses (a forged cursor) offers the newest sessions instead', async () => {
    stubFetch(json(400, { error: 'invalid_cursor', message: 'This page link is not valid any more: start again from the first page.' }), json(200, firstPage))
    const router = renderAt('/dashboard?before=forged&perPage=20')
    await settle()
    expect(screen.getByRole('alert').textContent).toContain('This page link is not valid any more')
    fireEvent.click(screen.getByRole('link', { name: 'Newest sessions' }))
    await settle()
    expect(at(router)).toBe('/dashboard?perPage=20')
    expect(within(section('Past sessions')).getAllByRole('article')).toHaveLength(2)
  })
})

describe('Host liked you', () => {
  const liked = memberDashboard({ hostLikes: [hostLike({}, NOW)], past: { items: [pastSession({}, NOW, 3)], nextCursor: null } }, NOW)
  const dismissed = { bookingId: 'uid-past-3', likedMember: true, likeDismissed: true }

  it('a banner at the top with Book again; Dismiss hides it at once and tells the server', async () => {
    let answer!: (response: Response) => void
    const fetch = stubFetch(json(200, liked), () => new Promise<Response>((resolve) => (answer = resolve)))
    const router = renderAt()
    await settle()

    const banner = screen.getByRole('region', { name: 'Host liked you' })
    expect(banner.textContent).toContain('Jane Rivers enjoyed meeting you')
    // Before the sections.
    expect(banner.compareDocumentPosition(section('Upcoming')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(within(banner).getByRole('link', { name: 'Book again' }).getAttribute('href')).toBe('/plans?host=host-jane')

    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('region', { name: 'Host liked you' })).toBeNull()
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }))
    await settle()
    expect(fetch.requests[1]).toMatchObject({ method: 'POST', body: { action: 'dismissLike', bookingId: 'uid-past-3' } })
    expect(`${fetch.requests[1]!.url.origin}${fetch.requests[1]!.url.pathname}`).toBe(`${functionsUrl}/dashboard`)

    answer(json(200, dismissed))
    await settle()
    expect(screen.queryByRole('region', { name: 'Host liked you' })).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(at(router)).toBe('/dashboard')
  })

  it('Book again goes to that host\'s plans', async () => {
    stubFetch(json(200, liked))
    const router = renderAt()
    await settle()
    fireEvent.click(screen.getByRole('link', { name: 'Book again' }))
    expect(at(router)).toBe('/plans?host=host-jane')
  })

  it('when the dismissal fails, the banner comes back with the reason, and Dismiss works again', async () => {
    stubFetch(json(200, liked), json(503, { error: 'unavailable', message: 'The service is busy: try again in a moment.' }), json(200, dismissed))
    renderAt()
    await settle()

    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('region', { name: 'Host liked you' })).toBeNull()
    await settle()
    const banner = screen.getByRole('region', { name: 'Host liked you' })
    expect(within(banner).getByRole('alert').textContent).toBe("We couldn't dismiss this. The service is busy: try again in a moment.")

    fireEvent.click(within(banner).getByRole('button', { name: 'Dismiss' }))
    await settle()
    expect(screen.queryByRole('region', { name: 'Host liked you' })).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
  })
})

describe('when the dashboard cannot be shown', () => {
  it('error: a busy or unreachable server offers Try again, which loads it', async () => {
    const fetch = stubFetch(new TypeError('Failed to fetch'), json(503, { error: 'unavailable', message: 'Busy.' }), json(200, memberDashboard({ credits: [creditGroup()] }, NOW)))
    renderAt()
    await settle()
    expect(screen.getByRole('alert').textContent).toBe("We couldn't load your dashboard. The server could not be reached. Check your connection and try again.Try again")

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(screen.getByRole('status').textContent).toBe('Loading your sessions…')
    await settle()
    expect(screen.getByRole('alert').textContent).toContain('Busy.')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await settle()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByText('2 Weekly sessions left with Jane Rivers')).toBeTruthy()
    expect(fetch.requests).toHaveLength(3)
  })

  it('a server fault that asking again will not fix says so, without Try again', async () => {
    stubFetch(json(500, { error: 'internal', message: 'Something went wrong on our side.' }))
    renderAt()
    await settle()
    expect(screen.getByRole('alert').textContent).toContain('Something went wrong on our side.')
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
  })

  it('an answer that does not match the contract is an error, not a half-drawn page', async () => {
    const broken: Partial<MemberDashboard> = { ...memberDashboard({}, NOW) }
    delete broken.hostLikes
    stubFetch(json(200, broken))
    renderAt()
    await settle()
    expect(screen.getByRole('alert').textContent).toContain('The server answered with something unexpected.')
    expect(screen.queryByRole('heading', { level: 2 })).toBeNull()
  })

  it('signed out (401): to sign in, and back to this very page after', async () => {
    stubFetch(json(401, { error: 'unauthorized', message: 'Sign in first.' }))
    const router = renderAt('/dashboard?before=cursor-2&perPage=50')
    await settle()
    expect(router.state.location.pathname).toBe('/sign-in')
    expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/dashboard?before=cursor-2&perPage=50')
  })

  it('403 (not a member): says why, with the host dashboard and sign-in as ways on', async () => {
    stubFetch(json(403, { error: 'not_a_member', message: 'This phone number has no member profile: add your name and email first.' }))
    const router = renderAt()
    await settle()
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain('This phone number has no member profile')
    expect(screen.queryByRole('heading', { level: 2 })).toBeNull()
    expect(within(alert).getByRole('link', { name: 'Sign in with another number' }).getAttribute('href')).toBe('/sign-in?next=%2Fdashboard')
    fireEvent.click(within(alert).getByRole('link', { name: 'Go to the host dashboard' }))
    expect(at(router)).toBe('/host')
  })
})

it('has no serious or critical axe violations with every section filled (the browser test checks contrast and focus)', async () => {
  stubFetch(
    json(
      200,
      memberDashboard(
        {
          hostLikes: [hostLike({}, NOW)],
          upcoming: [
            upcomingSession({ bookingId: 'uid-a' }, NOW, 5 * MINUTE),
            upcomingSession({ bookingId: 'uid-b', host: OMAR, paymentFlag: 'Attendee Not Member', freeCancellationUntil: null }, NOW, -MINUTE),
            upcomingSession({ bookingId: 'uid-c', status: 'Cancelled', cancelledBy: 'host', calcom: null }, NOW),
          ],
          credits: [creditGroup(), creditGroup({ host: OMAR, plan: 'adhoc' }, 1, 'pur-2')],
          past: { items: [pastSession({ rating: { stars: 5, comment: null } }, NOW, 1), pastSession({}, NOW, 2)], nextCursor: 'cursor-3' },
        },
        NOW,
      ),
    ),
  )
  renderAt('/dashboard?before=cursor-2&perPage=10')
  await settle()
  vi.useRealTimers()
  const results = await axe.run(document.body, { resultTypes: ['violations'] })
  const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  expect(blocking.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([])
})
