import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { StrictMode } from 'react'
import { MemoryRouter, Route, Routes } from 'react-router-dom'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SessionView } from '../../../shared/api/session.ts'
import { functionsUrl } from '../config.ts'
import type { CallEvents } from '../session/call/callFrame.ts'
import { startCall } from '../session/call/startCall.ts'
import { json, stubFetch } from '../testing/fetchStub.ts'
import { openedAt, openView, sessionView } from '../testing/sessionViews.ts'
import VideoSessionPage from './VideoSessionPage.tsx'

// The call adapters embed third-party frames; here a fake stands in and the test plays the provider.
vi.mock('../session/call/startCall.ts', () => ({ startCall: vi.fn() }))

const LINK = { bookingId: 'uid/1 +x', userType: 'member', token: 'v1.signature' } as const
const linkPath = (link: Record<string, string> = LINK) => `/video-session?${new URLSearchParams(link)}`

function renderAt(url: string, { strict = false } = {}) {
  const tree = (
    <MemoryRouter initialEntries={[url]}>
      <Routes>
        <Route path="/video-session" element={<VideoSessionPage />} />
        <Route path="/host-selection" element={<h1>Choose a host</h1>} />
      </Routes>
    </MemoryRouter>
  )
  return render(strict ? <StrictMode>{tree}</StrictMode> : tree)
}

function fakeCall() {
  const call = { events: undefined as CallEvents | undefined, container: undefined as HTMLElement | undefined, leave: vi.fn(), destroy: vi.fn(async () => {}) }
  vi.mocked(startCall).mockImplementation(async (container, _join, events) => {
    call.container = container
    call.events = events
    return { leave: call.leave, destroy: call.destroy }
  })
  return call
}

const heading = () => screen.getByRole('heading', { level: 1 }).textContent
const joinButton = () => screen.getByRole('button', { name: 'Join' }) as HTMLButtonElement
const linkBody = { bookingId: LINK.bookingId, userType: LINK.userType, token: LINK.token }
/** The session function fills the page's prompts in the zone the page shows times in: the browser's. */
const pageZone = { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }

/** Lets pending fetches and timers run under fake timers. */
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))
const useFakeClock = (now: number) => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
  vi.setSystemTime(now)
}

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.mocked(startCall).mockReset()
})

describe('link checks', () => {
  it.each([
    ['no token', { bookingId: 'uid-1', userType: 'member' }],
    ['no booking id', { userType: 'host', token: 't' }],
    ['an unknown role', { bookingId: 'uid-1', userType: 'admin', token: 't' }],
  ])('a link with %s gets the incomplete-link screen without asking the server', (_, params) => {
    const fetch = stubFetch()
    renderAt(linkPath(params))
    expect(heading()).toBe('This session link is incomplete')
    expect(screen.getByRole('alert')).toBeTruthy()
    expect(fetch.requests).toHaveLength(0)
  })

  it('shows a loading state, then asks GET /session with the link values', async () => {
    let answer!: (response: Response) => void
    const fetch = stubFetch(() => new Promise<Response>((resolve) => (answer = resolve)))
    renderAt(linkPath())

    expect(screen.getByRole('status').textContent).toBe('Loading your session…')
    const request = fetch.requests[0]!
    expect(`${request.url.origin}${request.url.pathname}`).toBe(`${functionsUrl}/session`)
    expect(Object.fromEntries(request.url.searchParams)).toEqual({ ...linkBody, ...pageZone })

    answer(json(200, sessionView()))
    expect(await screen.findByRole('heading', { name: 'Session between Jane Rivers and Max Member' })).toBeTruthy()
  })

  it.each([
    [403, 'invalid_link', 'This session link is not valid'],
    [403, 'link_expired', 'This session link has expired'],
    [400, 'invalid_request', 'This session link is incomplete'],
  ])('%i %s: its own screen', async (status, error, title) => {
    stubFetch(json(status, { error, message: 'refused' }))
    renderAt(linkPath())
    expect(await screen.findByRole('heading', { name: title })).toBeTruthy()
    expect(screen.getByRole('alert')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull()
  })

  it('an expired link offers to book another session', async () => {
    stubFetch(json(403, { error: 'link_expired', message: 'over' }))
    renderAt(linkPath())
    fireEvent.click(await screen.findByRole('link', { name: 'Book another session' }))
    expect(heading()).toBe('Choose a host')
  })

  it('404: an unknown booking, with "Try again" for one booked a moment ago', async () => {
    const fetch = stubFetch(json(404, { error: 'not_found', message: 'No session' }), json(200, sessionView()))
    renderAt(linkPath())
    expect(await screen.findByRole('heading', { name: "We can't find this session" })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('timer')).toBeTruthy()
    expect(fetch.requests).toHaveLength(2)
  })

  it.each([
    ['the network fails', new TypeError('Failed to fetch')],
    ['the server errors', json(500, { error: 'internal_error', message: 'Something went wrong' })],
    ['the provider is down', json(503, { error: 'provider_unavailable', message: 'busy' })],
    ['the answer is not a session view', json(200, { bookingId: 'uid-1' })],
    ['a time in the answer is not a time', json(200, { ...sessionView(), start: 'tomorrow at ten' })],
    ['an error answer is not an error body', new Response('<html>Bad gateway</html>', { status: 502 })],
  ])('when %s: an error screen with "Try again" that recovers', async (_, failure) => {
    const fetch = stubFetch(failure, json(200, sessionView()))
    renderAt(linkPath())
    expect(await screen.findByRole('heading', { name: "We couldn't load your session" })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(await screen.findByRole('heading', { name: 'Session between Jane Rivers and Max Member' })).toBeTruthy()
    expect(fetch.requests).toHaveLength(2)
  })
})

describe('session states', () => {
  it('cancelled: says so, with the reason, and offers a member another booking', async () => {
    stubFetch(json(200, sessionView({ bookingStatus: 'Cancelled', cancellationReason: 'Host is unwell', roomStatus: 'Ended' })))
    renderAt(linkPath())
    expect(await screen.findByRole('heading', { name: 'This session was cancelled' })).toBeTruthy()
    expect(screen.getByText(/Host is unwell/)).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Book another session' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Join' })).toBeNull()
  })

  it('pending: awaiting the host, with words for each side', async () => {
    stubFetch(json(200, sessionView({ bookingStatus: 'Pending', roomStatus: 'Not Created' })))
    renderAt(linkPath())
    expect(await screen.findByRole('heading', { name: 'Waiting for the host to confirm' })).toBeTruthy()
    expect(screen.getByText(/Your host has not confirmed this booking yet/)).toBeTruthy()
    cleanup()

    stubFetch(json(200, sessionView({ role: 'host', bookingStatus: 'Pending', roomStatus: 'Not Created' })))
    renderAt(linkPath({ ...LINK, userType: 'host' }))
    expect(await screen.findByText(/You have not confirmed this booking yet/)).toBeTruthy()
  })

  it('pending: checks again by itself and moves on once the host confirms', async () => {
    const now = Date.now()
    useFakeClock(now)
    const pending = sessionView({ bookingStatus: 'Pending', roomStatus: 'Not Created' }, now, 3600_000)
    const fetch = stubFetch(json(200, pending), json(200, pending), json(200, sessionView({}, now + 60_000, 3600_000 - 60_000)))
    renderAt(linkPath())
    await advance(0)
    expect(heading()).toBe('Waiting for the host to confirm')
    await advance(30_000)
    expect(fetch.requests).toHaveLength(2)
    expect(heading()).toBe('Waiting for the host to confirm')
    await advance(30_000)
    expect(fetch.requests).toHaveLength(3)
    expect(screen.queryByRole('heading', { name: 'Waiting for the host to confirm' })).toBeNull()
    expect(joinButton().disabled).toBe(true)
  })

  it('ended (window closed): the reflection prompt, a rating form and Rebook', async () => {
    const now = Date.now()
    stubFetch(json(200, sessionView({}, now, -3 * 3600_000)))
    renderAt(linkPath())
    expect(await screen.findByRole('heading', { name: 'This session has ended' })).toBeTruthy()
    expect(screen.getByText('What will you carry into your week?')).toBeTruthy()
    expect(screen.getByRole('radiogroup', { name: 'How was it?' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Rebook' }).getAttribute('href')).toBe('/host-selection')
    expect(screen.queryByRole('button', { name: 'Rejoin the call' })).toBeNull()
  })

  it('ended (Completed, already rated): thanks instead of the form', async () => {
    stubFetch(json(200, openView({ bookingStatus: 'Completed', rating: { stars: 5, comment: null }, join: null })))
    renderAt(linkPath())
    expect(await screen.findByRole('heading', { name: 'This session has ended' })).toBeTruthy()
    expect(screen.getByText('Thank you for your rating: 5 out of 5.')).toBeTruthy()
    expect(screen.queryByRole('radiogroup')).toBeNull()
  })

  it('before the window: who, when in the viewer\'s zone (named), the prompts, a countdown and a disabled Join', async () => {
    const now = Date.parse('2030-05-01T00:00:00Z')
    useFakeClock(now)
    const view = sessionView({}, now, 2 * 3600_000)
    stubFetch(json(200, view))
    renderAt(linkPath())
    await advance(0)

    const facts = within(screen.getByText('Jane Rivers').closest('dl')!)
    expect(facts.getByText('Jane Rivers')).toBeTruthy()
    expect(facts.getByText('Max Member (you)')).toBeTruthy()
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
    expect(facts.getByText(new RegExp(`Times in ${zone.replace('/', '\\/')}`))).toBeTruthy()
    const expectedRange = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short', timeZone: zone }).formatRange(new Date(view.start), new Date(view.end))
    expect(facts.getByText('When').nextElementSibling!.textContent).toContain(expectedRange)

    expect(screen.getByRole('region', { name: 'Before your session' }).textContent).toContain('Find a quiet spot.')
    expect(screen.getByRole('timer').textContent).toBe('2 h 00 min')
    expect(joinButton().disabled).toBe(true)
  })

  it('counts down on the server clock and enables Join by itself when the window opens, fetching the way in', async () => {
    const browserNow = Date.parse('2030-05-01T00:00:00Z')
    useFakeClock(browserNow)
    // The server's clock runs an hour ahead: a countdown on the browser's clock would be an hour off.
    const before = sessionView({}, browserNow + 3600_000, 5_000)
    const fetch = stubFetch(json(200, before), json(200, openedAt(before)))

    renderAt(linkPath())
    await advance(0)
    expect(screen.getByRole('timer').textContent).toBe('00:05')
    expect(joinButton().disabled).toBe(true)

    await advance(3_000)
    expect(screen.getByRole('timer').textContent).toBe('00:02')
    expect(fetch.requests).toHaveLength(1)

    await advance(2_000)
    expect(fetch.requests).toHaveLength(2)
    expect(fetch.requests[1]!.method).toBe('GET')
    expect(joinButton().disabled).toBe(false)
    expect(screen.getByText(/The room is open/)).toBeTruthy()
  })

  it('in the window with a room: Join is enabled at once', async () => {
    stubFetch(json(200, openView()))
    renderAt(linkPath())
    await screen.findByText(/The room is open/)
    expect(joinButton().disabled).toBe(false)
    expect(screen.queryByRole('timer')).toBeNull()
  })
})

describe('room preparation', () => {
  const missing = (overrides: Partial<SessionView> = {}) => openView({ roomStatus: 'Not Created', join: null, ...overrides })

  it('asks daily-create-room with the link values, shows progress, then offers Join', async () => {
    let created!: (response: Response) => void
    const fetch = stubFetch(json(200, missing()), () => new Promise<Response>((resolve) => (created = resolve)), json(200, openView()))
    renderAt(linkPath())

    expect((await screen.findByText(/Preparing your room…/)).getAttribute('role')).toBe('status')
    const request = fetch.requests[1]!
    expect([request.method, `${request.url}`]).toEqual(['POST', `${functionsUrl}/daily-create-room`])
    expect(request.body).toEqual(linkBody)

    created(json(200, { bookingId: 'uid-1', videoRoomStatus: 'Active', videoRoomUrl: 'http://127.0.0.1:54321/local-daily/presence-abc' }))
    await waitFor(() => expect(joinButton().disabled).toBe(false))
    expect(fetch.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET'])
  })

  it('a Created session with a room but no way in is treated as missing its room', async () => {
    const fetch = stubFetch(json(200, openView({ join: null })), json(200, {}), json(200, openView()))
    renderAt(linkPath())
    await waitFor(() => expect(joinButton().disabled).toBe(false))
    expect(`${fetch.requests[1]!.url}`).toBe(`${functionsUrl}/daily-create-room`)
  })

  it('retries a busy provider with growing pauses, then shows an error with "Try again" that recovers', async () => {
    useFakeClock(Date.parse('2030-05-01T00:00:00Z'))
    const busy = () => json(503, { error: 'provider_unavailable', message: 'Daily is busy' })
    const fetch = stubFetch(json(200, missing()), busy(), new TypeError('Failed to fetch'), busy(), busy())
    renderAt(linkPath())

    await advance(0)
    expect(fetch.requests).toHaveLength(2)
    await advance(999)
    expect(fetch.requests).toHaveLength(2)
    await advance(1)
    expect(fetch.requests).toHaveLength(3)
    await advance(2_000)
    expect(fetch.requests).toHaveLength(4)
    expect(screen.getByRole('status').textContent).toContain('Preparing your room…')
    await advance(4_000)
    expect(fetch.requests).toHaveLength(5)
    expect(screen.getByRole('alert').textContent).toContain("We couldn't prepare your video room.")
    await advance(60_000)
    expect(fetch.requests).toHaveLength(5)

    fetch.enqueue(json(200, {}), json(200, openView()))
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await advance(0)
    expect(joinButton().disabled).toBe(false)
  })

  it('a provider error (502) is not retried', async () => {
    const fetch = stubFetch(json(200, missing()), json(502, { error: 'provider_error', message: 'Daily said no' }))
    renderAt(linkPath())
    expect((await screen.findByRole('alert')).textContent).toContain("We couldn't prepare your video room.")
    expect(fetch.requests).toHaveLength(2)
  })

  it('a room still missing after creation is an error, not a loop', async () => {
    const fetch = stubFetch(json(200, missing()), json(200, {}), json(200, missing()))
    renderAt(linkPath())
    expect(await screen.findByRole('alert')).toBeTruthy()
    expect(fetch.requests).toHaveLength(3)
  })

  it('409 not_joinable: the fresh view decides the screen', async () => {
    stubFetch(json(200, missing()), json(409, { error: 'not_joinable', message: 'Cancelled' }), json(200, missing({ bookingStatus: 'Cancelled', cancellationReason: 'Travel' })))
    renderAt(linkPath())
    expect(await screen.findByRole('heading', { name: 'This session was cancelled' })).toBeTruthy()
  })
})

describe('the call', () => {
  it('Join embeds the call; the provider\'s join is recorded; leaving leads to the rating, which is saved', async () => {
    const call = fakeCall()
    const view = openView()
    const fetch = stubFetch(json(200, view))
    renderAt(linkPath())

    fireEvent.click(await screen.findByRole('button', { name: 'Join' }))
    await waitFor(() => expect(startCall).toHaveBeenCalledTimes(1))
    expect(vi.mocked(startCall).mock.calls[0]![1]).toEqual(view.join)
    expect(call.container?.className).toBe('call-stage')
    expect(screen.getByRole('status').textContent).toBe('Connecting to your room…')
    // Pressing Join is not joining: nothing is recorded until the provider says so.
    expect(fetch.requests).toHaveLength(1)

    fetch.enqueue(json(200, { ...view, joined: { host: false, member: true } }))
    act(() => call.events!.joined())
    expect(screen.getByRole('status').textContent).toBe('You are in the call.')
    await waitFor(() => expect(fetch.requests).toHaveLength(2))
    expect(fetch.requests[1]).toMatchObject({ method: 'POST', body: { action: 'joined', ...linkBody } })
    expect(`${fetch.requests[1]!.url}`).toBe(`${functionsUrl}/session`)

    act(() => call.events!.left())
    expect(heading()).toBe('You have left the call')
    expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1 }))
    await waitFor(() => expect(call.destroy).toHaveBeenCalled())
    expect(screen.getByRole('region', { name: 'Reflect on your session' }).textContent).toContain('What will you carry into your week?')
    expect(screen.getByRole('button', { name: 'Rejoin the call' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Rebook' }).getAttribute('href')).toBe('/host-selection')

    const stars = screen.getByRole('radiogroup', { name: 'How was it?' })
    expect(within(stars).getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual(['1', '2', '3', '4', '5'])
    fireEvent.click(within(stars).getByRole('radio', { name: '4 stars' }))
    fireEvent.change(screen.getByRole('textbox', { name: "Anything you'd like to add? (optional)" }), { target: { value: '  Lovely chat  ' } })
    fetch.enqueue(json(200, { ...view, rating: { stars: 4, comment: 'Lovely chat' } }))
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }))

    expect(await screen.findByText('Thank you for your rating: 4 out of 5.')).toBeTruthy()
    expect(fetch.requests[2]).toMatchObject({ method: 'POST', body: { action: 'rate', ...linkBody, stars: 4, comment: 'Lovely chat' } })

    fireEvent.click(screen.getByRole('link', { name: 'Rebook' }))
    expect(heading()).toBe('Choose a host')
  })

  it('the rating asks for stars first, sends no empty comment, and says when saving failed', async () => {
    fakeCall()
    const view = openView()
    const fetch = stubFetch(json(200, sessionView({}, Date.now(), -3 * 3600_000)))
    renderAt(linkPath())

    fireEvent.click(await screen.findByRole('button', { name: 'Send rating' }))
    expect(screen.getByRole('alert').textContent).toBe('Choose from 1 to 5 stars.')
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: '1 star' }))
    expect(fetch.requests).toHaveLength(1)

    fireEvent.click(screen.getByRole('radio', { name: '2 stars' }))
    fetch.enqueue(json(500, { error: 'internal_error', message: 'oops' }))
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }))
    expect(await screen.findByText("We couldn't save your rating. Please try again.")).toBeTruthy()
    expect(fetch.requests[1]!.body).toEqual({ action: 'rate', ...linkBody, ...pageZone, stars: 2 })

    fetch.enqueue(json(200, { ...view, joinWindow: { ...view.joinWindow, state: 'closed' }, rating: { stars: 2, comment: null } }))
    fireEvent.click(screen.getByRole('button', { name: 'Send rating' }))
    expect(await screen.findByText('Thank you for your rating: 2 out of 5.')).toBeTruthy()
  })

  it('a host who leaves is not offered Rebook; Rejoin starts the call again', async () => {
    const call = fakeCall()
    stubFetch(json(200, openView({ role: 'host' })))
    renderAt(linkPath({ ...LINK, userType: 'host' }))

    fireEvent.click(await screen.findByRole('button', { name: 'Join' }))
    await waitFor(() => expect(call.events).toBeDefined())
    act(() => call.events!.left())
    expect(screen.queryByRole('link', { name: 'Rebook' })).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'Rejoin the call' }))
    await waitFor(() => expect(startCall).toHaveBeenCalledTimes(2))
  })

  it('"Leave call" asks the frame to leave; the frame\'s left event ends the call', async () => {
    const call = fakeCall()
    stubFetch(json(200, openView()))
    renderAt(linkPath())
    fireEvent.click(await screen.findByRole('button', { name: 'Join' }))
    await waitFor(() => expect(call.events).toBeDefined())

    fireEvent.click(screen.getByRole('button', { name: 'Leave call' }))
    expect(call.leave).toHaveBeenCalledTimes(1)
    act(() => call.events!.left())
    expect(heading()).toBe('You have left the call')
  })

  it('a call that fails to start says so, and "Try again" starts a new one after removing the old', async () => {
    const call = fakeCall()
    stubFetch(json(200, openView()))
    renderAt(linkPath())
    fireEvent.click(await screen.findByRole('button', { name: 'Join' }))
    await waitFor(() => expect(call.events).toBeDefined())

    act(() => call.events!.failed('The meeting token has expired'))
    expect(screen.getByRole('alert').textContent).toContain('The meeting token has expired')
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(startCall).toHaveBeenCalledTimes(2))
    expect(call.destroy).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('status').textContent).toBe('Connecting to your room…')
  })

  it('a call adapter that cannot load (its chunk failed) says so; "Leave call" still leaves', async () => {
    vi.mocked(startCall).mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module'))
    stubFetch(json(200, openView()))
    renderAt(linkPath())
    fireEvent.click(await screen.findByRole('button', { name: 'Join' }))

    expect((await screen.findByRole('alert')).textContent).toContain('Failed to fetch dynamically imported module')
    fireEvent.click(screen.getByRole('button', { name: 'Leave call' }))
    expect(heading()).toBe('You have left the call')
  })

  it('a failed join record is retried while the provider is busy, and never disturbs the call', async () => {
    const call = fakeCall()
    const fetch = stubFetch(json(200, openView()))
    renderAt(linkPath())
    fireEvent.click(await screen.findByRole('button', { name: 'Join' }))
    await waitFor(() => expect(call.events).toBeDefined())

    useFakeClock(Date.now())
    fetch.enqueue(new TypeError('Failed to fetch'), json(403, { error: 'invalid_link', message: 'no' }))
    act(() => call.events!.joined())
    await advance(0)
    expect(fetch.requests).toHaveLength(2)
    await advance(1_000)
    expect(fetch.requests).toHaveLength(3)
    await advance(10_000)
    expect(fetch.requests).toHaveLength(3)
    expect(screen.getByRole('status').textContent).toBe('You are in the call.')
  })

  it('in StrictMode (effects run twice) the call still starts once', async () => {
    fakeCall()
    stubFetch(
      () => json(200, openView()),
      () => json(200, openView()),
    )
    renderAt(linkPath(), { strict: true })
    fireEvent.click(await screen.findByRole('button', { name: 'Join' }))
    await waitFor(() => expect(startCall).toHaveBeenCalledTimes(1))
    // A second start would follow the first through promises only: once they have all run, it is too late for one.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(startCall).toHaveBeenCalledTimes(1)
  })
})
