import axe from 'axe-core'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router-dom'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { calcomEmbedJsUrl, calcomOrigin, functionsUrl } from '../config.ts'
import { json, stubFetch } from '../testing/fetchStub.ts'
import { hostDashboard, hostPast, hostUpcoming } from '../testing/hostDashboards.ts'
import HostDashboardPage from './HostDashboardPage.tsx'

// The embed loads Cal.com's script and iframe; here a fake records what the page gives it (the
// browser tests run the real one against the local stand-in).
const embed = vi.hoisted(() => ({ props: [] as Array<Record<string, unknown>> }))
vi.mock('@calcom/embed-react', () => ({
  default: (props: Record<string, unknown>) => {
    embed.props.push(props)
    return <div data-testid="cal-embed" />
  },
}))

const NOW = Date.parse('2026-03-01T00:00:00Z')
const MINUTE = 60_000

function renderAt(url: string) {
  const router = createMemoryRouter(
    [
      { path: '/host', element: <HostDashboardPage /> },
      { path: '/sign-in', element: <h1>Sign in</h1> },
      { path: '/dashboard', element: <h1>Member dashboard</h1> },
      { path: '/video-session', element: <h1>Session page</h1> },
    ],
    { initialEntries: [url] },
  )
  render(<RouterProvider router={router} />)
  return router
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))
/** Intl puts no-break spaces in times and money; the reader sees spaces. */
const text = (element: Element | null) => element?.textContent?.replace(/\u00a0|\u202f|\u2009/g, ' ')
const section = (name: string) => screen.getByRole('region', { name })
/** A time of day as the page shows it: the browser's locale and zone. */
const clockTime = (at: string) =>
  new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(new Date(at)).replace(/\u00a0|\u202f/g, ' ')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(NOW)
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  embed.props.length = 0
})

it('asks for the host view of the first page, then says each section is empty and shows the host’s own calendar', async () => {
  const { requests } = stubFetch(json(200, hostDashboard({}, NOW)))
  renderAt('/host')
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Your hosting')
  expect(screen.getByRole('status').textContent).toBe('Loading your dashboard…')

  await advance(0)
  expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([`GET ${functionsUrl}/dashboard?role=host&limit=20`])
  expect(section('Upcoming').textContent).toContain('No sessions booked with you yet.')
  expect(section('Past sessions').textContent).toContain('No past sessions yet.')
  expect(section('Payouts').textContent).toContain('No payouts yet')
  expect(within(section('Past sessions')).queryByRole('link', { name: 'Older sessions' })).toBeNull()

  const availability = section('Your availability')
  expect(within(availability).getByTestId('cal-embed')).toBeTruthy()
  expect(embed.props.at(-1)).toMatchObject({
    namespace: 'presence-host-availability',
    calLink: 'jane-rivers/session',
    calOrigin: calcomOrigin,
    embedJsUrl: calcomEmbedJsUrl,
    config: { layout: 'month_view' },
  })
  // The tests build against the local stand-in, which has no availability page: the link opens the host's booking page there.
  const manage = within(availability).getByRole('link', { name: /Manage availability on Cal.com/ })
  expect(manage.getAttribute('href')).toBe(`${calcomOrigin}/jane-rivers/session`)
  expect(availability.textContent).toContain('this is the local stand-in for Cal.com')
})

it('says so when the host has no Cal.com link, with no calendar', async () => {
  stubFetch(json(200, hostDashboard({ host: { id: 'host-1', name: 'Jane Rivers', calLink: null } }, NOW)))
  renderAt('/host')
  await advance(0)
  const availability = section('Your availability')
  expect(availability.textContent).toContain('Your host record has no Cal.com link yet')
  expect(within(availability).queryByRole('link')).toBeNull()
  expect(screen.queryByTestId('cal-embed')).toBeNull()
})

it('lists each upcoming session with the member, time and state, a disabled "Join as host" counting down, and "Add to calendar"', async () => {
  const soon = hostUpcoming({ bookingId: 'uid-a', member: { id: 'mem-1', name: 'Sam Lee' } }, NOW, 2 * 60 * MINUTE)
  const cancelled = hostUpcoming(
    { bookingId: 'uid-b', member: { id: 'mem-2', name: 'Ana Ruiz' }, status: 'Cancelled', cancelledBy: 'member', cancellationReason: 'Travelling' },
    NOW,
    3 * 60 * MINUTE,
  )
  const flagged = hostUpcoming({ bookingId: 'uid-c', member: { id: null, name: 'Lee Park' }, paymentFlag: 'No Paid Session' }, NOW, 4 * 60 * MINUTE)
  stubFetch(json(200, hostDashboard({ upcoming: [soon, cancelled, flagged] }, NOW)))
  renderAt('/host')
  await advance(0)

  const cards = within(section('Upcoming')).getAllByRole('article')
  expect(cards).toHaveLength(3)
  const [first, second, third] = cards as [HTMLElement, HTMLElement, HTMLElement]
  expect(within(first).getByRole('heading', { level: 3 }).textContent).toBe('Session with Sam Lee')
  expect(first.textContent).toContain('With Sam Lee · you are hosting')
  expect(first.querySelector('time')!.getAttribute('dateTime')).toBe(soon.start)
  expect(first.textContent).toContain('Booked')
  const join = within(first).getByRole('button', { name: 'Join as host' }) as HTMLButtonElement
  expect(join.disabled).toBe(true)
  // The room opens 15 minutes before the start: two hours from now.
  expect(within(first).getByRole('timer').textContent).toBe('2 h 00 min')
  const invite = new URL(within(first).getByRole('link', { name: 'Add to calendar' }).getAttribute('href')!)
  expect(invite.origin + invite.pathname).toBe(`${functionsUrl}/session`)
  expect(Object.fromEntries(invite.searchParams)).toEqual({ bookingId: 'uid-a', userType: 'host', token: 'v1.host-token', format: 'ics' })

  // A cancelled one says who cancelled and why, with no way in and no invite.
  expect(second.textContent).toContain('Cancelled by Ana Ruiz. Reason: Travelling')
  expect(within(second).queryByRole('button', { name: 'Join as host' })).toBeNull()
  expect(within(second).queryByRole('link', { name: 'Add to calendar' })).toBeNull()

  // A flagged one still happens: it says it is not paid through Presence, and can be joined.
  expect(third.textContent).toContain('Not paid through Presence: booked without a paid session.')
  expect(within(third).getByRole('button', { name: 'Join as host' })).toBeTruthy()
  expect(within(third).getByRole('link', { name: 'Add to calendar' })).toBeTruthy()
})

it('turns "Join as host" into the link to the session page when the window opens, with no reload', async () => {
  const session = hostUpcoming({ bookingId: 'uid-a' }, NOW, 5_000)
  const { requests } = stubFetch(json(200, hostDashboard({ upcoming: [session] }, NOW)))
  const router = renderAt('/host')
  await advance(0)
  expect(screen.getByRole('timer').textContent).toBe('00:05')
  expect(screen.queryByRole('link', { name: 'Join as host' })).toBeNull()

  await advance(5_000)
  expect(screen.queryByRole('timer')).toBeNull()
  expect(screen.getByText('The room is open: you can join now.')).toBeTruthy()
  fireEvent.click(screen.getByRole('link', { name: 'Join as host' }))
  await advance(0)
  expect(router.state.location.pathname).toBe('/video-session')
  expect(Object.fromEntries(new URLSearchParams(router.state.location.search))).toEqual({ bookingId: 'uid-a', userType: 'host', token: 'v1.host-token' })
  expect(requests).toHaveLength(1)
})

it('shows each past session with attendance, both ratings and the host share; a cancelled one says why and has no like', async () => {
  const held = hostPast({
    bookingId: 'uid-1',
    attendance: { hostJoinedAt: '2026-02-20T23:02:00.000Z', memberJoinedAt: null },
    ratings: { byMember: { stars: 4, comment: 'Good chat' }, byHost: { stars: 5, comment: null } },
    hostShareCents: 3000,
  })
  const unrated = hostPast({ bookingId: 'uid-2', member: { id: 'mem-2', name: 'Ana Ruiz' }, hostShareCents: 1206, payoutStatus: 'paid', payoutPaidAt: '2026-02-25T01:00:00.000Z' })
  const cancelled = hostPast({
    bookingId: 'uid-3',
    member: { id: 'mem-3', name: 'Kai Moana' },
    status: 'Cancelled',
    cancelledBy: 'host',
    cancellationReason: null,
    attendance: { hostJoinedAt: null, memberJoinedAt: null },
    hostShareCents: null,
    currency: null,
    creditStatus: 'available',
  })
  stubFetch(json(200, hostDashboard({ past: { items: [held, unrated, cancelled], nextCursor: null } }, NOW)))
  renderAt('/host')
  await advance(0)

  const [first, second, third] = within(section('Past sessions')).getAllByRole('article') as [HTMLElement, HTMLElement, HTMLElement]
  expect(within(first).getByRole('heading', { level: 3 }).textContent).toBe('Session with Sam Lee')
  expect(first.textContent).toContain('Completed')
  expect(text(first)).toContain(`You joined at ${clockTime('2026-02-20T23:02:00.000Z')} · Sam Lee did not join`)
  expect(first.textContent).toContain('Sam Lee rated it 4 of 5')
  expect(within(first).getByText('Good chat').tagName).toBe('Q')
  expect(first.textContent).toContain('You rated it 5 of 5')
  expect(text(first)).toContain('Your payout: AUD 30.00, due')

  expect(text(second)).toContain(`You joined at ${clockTime(unrated.attendance.hostJoinedAt!)} · Ana Ruiz joined at ${clockTime(unrated.attendance.memberJoinedAt!)}`)
  expect(second.textContent).toContain('Not rated by Ana Ruiz')
  expect(second.textContent).toContain('Not rated by you')
  expect(text(second)).toContain(`Your payout: AUD 12.06, paid ${new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date('2026-02-25T01:00:00.000Z'))}`)
  expect(within(second).getByRole('button', { name: 'I enjoyed meeting Ana Ruiz' }).getAttribute('aria-pressed')).toBe('false')

  expect(third.textContent).toContain('Cancelled by you. No reason was given.')
  expect(third.textContent).toContain('No payout: the session did not take place')
  expect(third.textContent).not.toContain('did not join')
  expect(within(third).queryByRole('button')).toBeNull()
})

it('likes the member at once, sends it, and takes it back the same way; the press stays after the answer', async () => {
  const { requests, enqueue } = stubFetch(json(200, hostDashboard({ past: { items: [hostPast({ bookingId: 'uid-1' })], nextCursor: null } }, NOW)))
  renderAt('/host')
  await advance(0)
  const like = screen.getByRole('button', { name: 'I enjoyed meeting Sam Lee' })
  expect(like.getAttribute('aria-pressed')).toBe('false')

  let answer!: (response: Response) => void
  enqueue(() => new Promise<Response>((resolve) => (answer = resolve)))
  fireEvent.click(like)
  await advance(0)
  // Pressed before the server has answered.
  expect(like.getAttribute('aria-pressed')).toBe('true')
  expect(requests[1]).toMatchObject({ method: 'POST', body: { action: 'like', bookingId: 'uid-1', liked: true } })
  expect(requests[1]!.url.href).toBe(`${functionsUrl}/dashboard`)
  // A second press while the first is on its way sends nothing.
  fireEvent.click(like)
  await advance(0)
  expect(requests).toHaveLength(2)
  answer(json(200, { bookingId: 'uid-1', likedMember: true, likeDismissed: false }))
  await advance(0)
  expect(like.getAttribute('aria-pressed')).toBe('true')
  expect(screen.getByText('Sam Lee will see that you enjoyed meeting them.')).toBeTruthy()

  enqueue(json(200, { bookingId: 'uid-1', likedMember: false, likeDismissed: false }))
  fireEvent.click(like)
  expect(like.getAttribute('aria-pressed')).toBe('false')
  await advance(0)
  expect(requests[2]).toMatchObject({ method: 'POST', body: { action: 'like', bookingId: 'uid-1', liked: false } })
  expect(like.getAttribute('aria-pressed')).toBe('false')
  expect(screen.queryByRole('alert')).toBeNull()
})

it('puts the like (or the unlike) back and says why when sending it fails', async () => {
  const { requests, enqueue } = stubFetch(json(200, hostDashboard({ past: { items: [hostPast({ bookingId: 'uid-1' })], nextCursor: null } }, NOW)))
  renderAt('/host')
  await advance(0)
  const like = screen.getByRole('button', { name: 'I enjoyed meeting Sam Lee' })

  enqueue(json(503, { error: 'unavailable', message: 'The database is busy; try again in a moment.' }))
  fireEvent.click(like)
  expect(like.getAttribute('aria-pressed')).toBe('true')
  await advance(0)
  expect(like.getAttribute('aria-pressed')).toBe('false')
  expect(screen.getByRole('alert').textContent).toBe("We couldn't save that you enjoyed meeting Sam Lee. The database is busy; try again in a moment.")

  // Trying again works, and clears the message.
  enqueue(json(200, { bookingId: 'uid-1', likedMember: true, likeDismissed: false }))
  fireEvent.click(like)
  await advance(0)
  expect(like.getAttribute('aria-pressed')).toBe('true')
  expect(screen.queryByRole('alert')).toBeNull()

  // Taking it back fails too: it stays liked, and says so.
  enqueue(new TypeError('Failed to fetch'))
  fireEvent.click(like)
  expect(like.getAttribute('aria-pressed')).toBe('false')
  await advance(0)
  expect(like.getAttribute('aria-pressed')).toBe('true')
  expect(screen.getByRole('alert').textContent).toBe(
    "We couldn't take back that you enjoyed meeting Sam Lee. The server could not be reached. Check your connection and try again.",
  )
  expect(requests.map((request) => request.body)).toEqual([
    undefined,
    { action: 'like', bookingId: 'uid-1', liked: true },
    { action: 'like', bookingId: 'uid-1', liked: true },
    { action: 'like', bookingId: 'uid-1', liked: false },
  ])
})

it('gives the payouts per currency: the total, what is due and what is paid', async () => {
  stubFetch(
    json(
      200,
      hostDashboard(
        {
          earnings: [
            { currency: 'AUD', completedSessions: 3, hostShareCents: 3000, dueCents: 2000, paidCents: 1000 },
            { currency: 'NZD', completedSessions: 1, hostShareCents: 1206, dueCents: 1206, paidCents: 0 },
          ],
        },
        NOW,
      ),
    ),
  )
  renderAt('/host')
  await advance(0)
  const lines = within(section('Payouts'))
    .getAllByRole('listitem')
    .map((item) => text(item))
  expect(lines).toEqual(['AUD 30.00 from 3 completed sessions: AUD 20.00 due, AUD 10.00 paid', 'NZD 12.06 from 1 completed session: NZD 12.06 due, NZD 0.00 paid'])
  expect(section('Payouts').textContent).toContain('whether or not the member joined')
})

it('pages through past sessions with the cursor in the URL', async () => {
  const { requests, enqueue } = stubFetch(json(200, hostDashboard({ past: { items: [hostPast({ bookingId: 'uid-1' })], nextCursor: 'cursor-2' } }, NOW)))
  const router = renderAt('/host')
  await advance(0)
  enqueue(json(200, hostDashboard({ past: { items: [hostPast({ bookingId: 'uid-0', member: { id: 'mem-9', name: 'Old Friend' } })], nextCursor: null } }, NOW)))
  fireEvent.click(screen.getByRole('link', { name: 'Older sessions' }))
  await advance(0)

  expect(router.state.location.pathname + router.state.location.search).toBe('/host?before=cursor-2&perPage=20')
  expect(requests[1]!.url.href).toBe(`${functionsUrl}/dashboard?role=host&cursor=cursor-2&limit=20`)
  expect(within(section('Past sessions')).getByRole('heading', { level: 3 }).textContent).toBe('Session with Old Friend')
  expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Past sessions' }))
})

it('says the dashboard could not load, and loads it again on "Try again"', async () => {
  const { enqueue } = stubFetch(json(503, { error: 'unavailable', message: 'The database is busy; try again in a moment.' }))
  renderAt('/host')
  await advance(0)
  expect(screen.getByRole('alert').textContent).toContain("We couldn't load your dashboard. The database is busy; try again in a moment.")
  expect(screen.queryByRole('region', { name: 'Upcoming' })).toBeNull()

  enqueue(json(200, hostDashboard({}, NOW)))
  fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
  await advance(0)
  expect(screen.queryByRole('alert')).toBeNull()
  expect(section('Upcoming')).toBeTruthy()
})

it('signed out (401), sends the host to sign in and back here, showing nothing of the dashboard', async () => {
  stubFetch(json(401, { error: 'unauthorized', message: 'Sign in to see your dashboard.' }))
  const router = renderAt('/host?perPage=10')
  await advance(0)
  expect(router.state.location.pathname).toBe('/sign-in')
  expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/host?perPage=10')
  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Sign in')
})

it('a member on /host (403) is told it is for hosts and pointed to their own dashboard', async () => {
  stubFetch(json(403, { error: 'not_a_host', message: 'This phone number is not a host’s: the host dashboard is for hosts.' }))
  const router = renderAt('/host')
  await advance(0)
  const alert = screen.getByRole('alert')
  expect(alert.textContent).toContain('This phone number is not a host’s: the host dashboard is for hosts.')
  expect(screen.queryByRole('region', { name: 'Past sessions' })).toBeNull()
  expect(screen.queryByTestId('cal-embed')).toBeNull()
  fireEvent.click(within(alert).getByRole('link', { name: 'Go to your member dashboard' }))
  await advance(0)
  expect(router.state.location.pathname).toBe('/dashboard')
})

it('has no serious or critical axe violations with every section filled (the browser test checks contrast and focus)', async () => {
  stubFetch(
    json(
      200,
      hostDashboard(
        {
          upcoming: [hostUpcoming({ bookingId: 'uid-a' }, NOW, 5 * MINUTE), hostUpcoming({ bookingId: 'uid-b' }, NOW, -MINUTE)],
          past: { items: [hostPast({ bookingId: 'uid-1', likedMember: true }), hostPast({ bookingId: 'uid-2', status: 'Cancelled', hostShareCents: null })], nextCursor: 'cursor-2' },
          earnings: [{ currency: 'AUD', completedSessions: 1, hostShareCents: 1000, dueCents: 1000, paidCents: 0 }],
        },
        NOW,
      ),
    ),
  )
  renderAt('/host?before=cursor-1&perPage=10')
  await advance(0)
  vi.useRealTimers()
  const results = await axe.run(document.body, { resultTypes: ['violations'] })
  const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
  expect(blocking.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([])
})

it('offers the like on an upcoming session once its room has opened (straight after the call), not before', async () => {
  const open = hostUpcoming({ bookingId: 'uid-open', member: { id: 'mem-1', name: 'Sam Lee' } }, NOW, -5 * MINUTE)
  const later = hostUpcoming({ bookingId: 'uid-later', member: { id: 'mem-2', name: 'Ada Park' } }, NOW, 60 * MINUTE)
  const { requests, enqueue } = stubFetch(json(200, hostDashboard({ upcoming: [open, later] }, NOW)))
  renderAt('/host')
  await advance(0)
  const [openCard, laterCard] = within(section('Upcoming')).getAllByRole('article')
  expect(within(laterCard!).queryByRole('button', { name: /I enjoyed meeting/ })).toBeNull()
  const like = within(openCard!).getByRole('button', { name: 'I enjoyed meeting Sam Lee' })
  enqueue(json(200, { bookingId: 'uid-open', likedMember: true, likeDismissed: false }))
  fireEvent.click(like)
  await advance(0)
  expect(requests[1]).toMatchObject({ method: 'POST', body: { action: 'like', bookingId: 'uid-open', liked: true } })
  expect(like.getAttribute('aria-pressed')).toBe('true')
})
