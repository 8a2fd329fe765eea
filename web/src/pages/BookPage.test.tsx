import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router-dom'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { PurchaseView } from '../../../shared/api/checkout.ts'
import type { PublicHost } from '../../../shared/api/hosts.ts'
import { useSignedIn } from '../auth/useSignedIn.ts'
import { signedInAs, signedOut } from '../booking/signedInFixtures.ts'
import { POLL_INTERVAL_MS } from '../booking/usePurchase.ts'
import { calcomEmbedJsUrl, calcomOrigin, functionsUrl } from '../config.ts'
import { json } from '../testing/fetchStub.ts'
import BookPage from './BookPage.tsx'

vi.mock('../auth/useSignedIn.ts', () => ({ useSignedIn: vi.fn() }))

// The embed loads Cal.com's script and iframe; here a fake records what the page gives it and
// the test plays Cal.com, firing the events the real embed fires (the browser test runs the real one).
const embed = vi.hoisted(() => ({
  props: [] as Array<Record<string, unknown>>,
  listeners: new Map<string, (event: CustomEvent) => void>(),
  apiOptions: [] as unknown[],
}))
vi.mock('@calcom/embed-react', () => ({
  default: (props: Record<string, unknown>) => {
    embed.props.push(props)
    return <div data-testid="cal-embed" />
  },
  getCalApi: async (options: unknown) => {
    embed.apiOptions.push(options)
    return (command: string, { action, callback }: { action: string; callback: (event: CustomEvent) => void }) => {
      if (command === 'on') embed.listeners.set(action, callback)
      if (command === 'off' && embed.listeners.get(action) === callback) embed.listeners.delete(action)
    }
  },
}))

const jane: PublicHost = { id: 'rec1', name: 'Jane Rivers', bio: null, personalityTags: [], calLink: 'jane-rivers/session', timeZone: 'Australia/Sydney' }
const START = '2026-03-10T01:00:00.000Z'
const END = '2026-03-10T01:30:00.000Z'

function purchase(overrides: Partial<PurchaseView> = {}): PurchaseView {
  return {
    purchaseId: 'pur-1',
    status: 'paid',
    plan: 'weekly',
    host: { id: 'rec1', name: 'Jane Rivers' },
    amountCents: 4000,
    currency: 'aud',
    refundedCents: 0,
    sessions: [
      { id: 'ps-2', position: 2, creditStatus: 'available', refunded: false, booking: null },
      { id: 'ps-1', position: 1, creditStatus: 'available', refunded: false, booking: null },
      { id: 'ps-3', position: 3, creditStatus: 'available', refunded: false, booking: null },
    ],
    ...overrides,
  }
}

const booked = (view: PurchaseView, paidSessionId: string, bookingId: string): PurchaseView => ({
  ...view,
  sessions: view.sessions.map((session) =>
    session.id === paidSessionId
      ? {
          ...session,
          creditStatus: 'booked',
          booking: {
            bookingId,
            start: START,
            end: END,
            sessionLink: `http://127.0.0.1:5173/video-session?bookingId=${bookingId}&userType=member&token=v1.abc`,
            freeCancellationUntil: '2026-03-09T01:00:00.000Z',
          },
        }
      : session,
  ),
})

/** Answers GET /hosts with `hosts` and each GET /checkout with the next of `purchases` (the last one repeats). */
function serve({ hosts = [jane], purchases }: { hosts?: PublicHost[]; purchases: Array<PurchaseView | Response> }) {
  const checkoutRequests: URL[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = new URL(String(input))
      if (url.pathname.endsWith('/hosts')) return json(200, { hosts })
      if (url.pathname.endsWith('/checkout')) {
        checkoutRequests.push(url)
        const next = purchases.length > 1 ? purchases.shift()! : purchases[0]!
        return next instanceof Response ? next.clone() : json(200, next)
      }
      throw new Error(`unexpected request ${url}`)
    }),
  )
  return checkoutRequests
}

function renderAt(url: string) {
  const router = createMemoryRouter(
    [
      { path: '/book', element: <BookPage /> },
      { path: '/sign-in', element: <h1>Sign in</h1> },
      { path: '/plans', element: <h1>Plans</h1> },
    ],
    { initialEntries: [url] },
  )
  render(<RouterProvider router={router} />)
  return router
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))
const text = (element: Element | null) => element?.textContent?.replace(/\u00a0|\u202f|\u2009/g, ' ')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(new Date('2026-03-01T00:00:00Z'))
  vi.mocked(useSignedIn).mockReturnValue(signedInAs())
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.mocked(useSignedIn).mockReset()
  embed.props.length = 0
  embed.apiOptions.length = 0
  embed.listeners.clear()
})

it('signed out, sends the member to sign in and back to this page', async () => {
  vi.mocked(useSignedIn).mockReturnValue(signedOut())
  serve({ purchases: [purchase()] })
  const router = renderAt('/book?purchase=pur-1')

  await advance(0)
  expect(router.state.location.pathname).toBe('/sign-in')
  expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/book?purchase=pur-1')
})

it('says "Confirming your payment…" until the payment is paid, then shows the host calendar for the first unused paid session, prefilled', async () => {
  const requests = serve({ purchases: [purchase({ status: 'open', sessions: [] }), purchase({ status: 'open', sessions: [] }), purchase()] })
  renderAt('/book?purchase=pur-1')

  await advance(0)
  expect(screen.getByRole('status').textContent).toBe('Confirming your payment…')
  expect(requests[0]!.href).toBe(`${functionsUrl}/checkout?purchase=pur-1`)
  expect(screen.queryByTestId('cal-embed')).toBeNull()

  await advance(POLL_INTERVAL_MS)
  expect(screen.getByRole('status').textContent).toBe('Confirming your payment…')
  await advance(POLL_INTERVAL_MS)

  expect(screen.getByTestId('cal-embed')).toBeTruthy()
  expect(screen.getByText(/Pick a time with Jane Rivers for session 1 of 3/)).toBeTruthy()
  expect(embed.props.at(-1)).toMatchObject({
    namespace: 'presence-booking',
    calLink: 'jane-rivers/session',
    calOrigin: calcomOrigin,
    embedJsUrl: calcomEmbedJsUrl,
    config: {
      name: 'Max Member',
      email: 'max@example.com',
      attendeePhoneNumber: '+61412345678',
      'metadata[memberId]': 'mem-1',
      'metadata[sessionId]': 'ps-1',
      layout: 'month_view',
    },
  })
  expect(embed.apiOptions).toEqual([{ embedJsUrl: calcomEmbedJsUrl, namespace: 'presence-booking' }])
  // Paid: no more polling while the member picks a time.
  await advance(POLL_INTERVAL_MS * 3)
  expect(requests).toHaveLength(3)
})

it('after bookingSuccessfulV2, confirms with the time in the member zone, then the session link and the exact cancellation cutoff once the booking is attached', async () => {
  const paid = purchase()
  const requests = serve({ purchases: [paid, paid, booked(paid, 'ps-1', 'uid-9')] })
  renderAt('/book?purchase=pur-1')
  await advance(0)
  expect(embed.listeners.has('bookingSuccessfulV2')).toBe(true)

  act(() => embed.listeners.get('bookingSuccessfulV2')!(new CustomEvent('bookingSuccessfulV2', { detail: { data: { uid: 'uid-9', startTime: START, endTime: END, status: 'ACCEPTED' } } })))
  await advance(0)

  expect(screen.getByRole('heading', { level: 1 }).textContent).toBe("You're booked with Jane Rivers")
  // 01:00 UTC is 9:00 am in Perth, the member's zone (in the browser's locale: jsdom's is en-US).
  expect(text(screen.getByText(/March 10, 2026/))).toBe('Tuesday, March 10, 2026, 9:00 – 9:30 AM')
  expect(screen.getByText(/Times are in/).textContent).toBe('Times are in Australia/Perth (Australian Western Standard Time).')
  expect(screen.getByRole('status').textContent).toBe("We're confirming your booking…")
  expect(screen.queryByRole('link', { name: 'Open your session page' })).toBeNull()

  await advance(POLL_INTERVAL_MS)
  expect(screen.getByRole('link', { name: 'Open your session page' }).getAttribute('href')).toBe(
    'http://127.0.0.1:5173/video-session?bookingId=uid-9&userType=member&token=v1.abc',
  )
  // en-US has no short name for Perth's zone: the offset stands in for it.
  expect(text(screen.getByText(/^Cancel before/))).toBe(
    'Cancel before Monday, March 9, 2026 at 9:00 AM GMT+8 and this session comes back to you; later cancellations use it.',
  )
  expect(screen.queryByRole('status')).toBeNull()
  const polls = requests.length
  await advance(POLL_INTERVAL_MS * 3)
  expect(requests).toHaveLength(polls)
})

it('says it is still confirming when the booking takes long to attach, and after two minutes stops asking and says what to do', async () => {
  const paid = purchase()
  const requests = serve({ purchases: [paid] })
  renderAt('/book?purchase=pur-1')
  await advance(0)
  act(() => embed.listeners.get('bookingSuccessfulV2')!(new CustomEvent('x', { detail: { data: { uid: 'uid-9', startTime: START, endTime: END } } })))

  await advance(31_000)
  expect(screen.getByRole('status').textContent).toBe("We're still confirming your booking with the calendar; your session link will appear here.")
  expect(requests.length).toBeGreaterThan(10)

  await advance(90_000)
  expect(screen.getByRole('alert').textContent).toContain("We haven't been able to confirm this booking yet.")
  const asked = requests.length
  await advance(POLL_INTERVAL_MS * 5)
  expect(requests).toHaveLength(asked)
})

it.each([
  ['failed', "Your payment didn't go through, so nothing was charged and nothing is booked."],
  ['expired', 'This checkout expired before it was paid. Nothing was charged.'],
] as const)('a %s payment says so, with a way back to the plans', async (status, message) => {
  serve({ purchases: [purchase({ status: 'open', sessions: [] }), purchase({ status, sessions: [] })] })
  const router = renderAt('/book?purchase=pur-1')
  await advance(0)
  await advance(POLL_INTERVAL_MS)

  const alert = screen.getByRole('alert')
  expect(alert.textContent).toContain(message)
  expect(screen.queryByTestId('cal-embed')).toBeNull()
  fireEvent.click(screen.getByRole('link', { name: 'Back to plans' }))
  await advance(0)
  expect(`${router.state.location.pathname}${router.state.location.search}`).toBe('/plans?host=rec1&plan=weekly')
})

it('a bank still settling the payment says so rather than spin', async () => {
  const requests = serve({ purchases: [purchase({ status: 'awaiting_payment', sessions: [] })] })
  renderAt('/book?purchase=pur-1')
  await advance(0)
  expect(screen.getByRole('status').textContent).toBe("Your bank is still processing the payment. You can book as soon as it clears; we'll text you when it does.")
  await advance(POLL_INTERVAL_MS * 3)
  expect(requests).toHaveLength(1)
})

it('a checkout Stripe never confirms stops being waited for after two minutes, and says what to do', async () => {
  const requests = serve({ purchases: [purchase({ status: 'open', sessions: [] })] })
  renderAt('/book?purchase=pur-1')
  await advance(0)
  await advance(119_000)
  expect(screen.getByRole('status').textContent).toBe('Confirming your payment…')
  await advance(3_000)
  expect(screen.getByRole('status').textContent).toBe(
    "We haven't heard from Stripe about this payment yet. If you paid, reload this page in a minute; if you didn't finish paying, nothing was charged.",
  )
  const asked = requests.length
  await advance(POLL_INTERVAL_MS * 3)
  expect(requests).toHaveLength(asked)
})

it('keeps asking through network trouble and a busy server, saying so, and shows the calendar when it answers', async () => {
  serve({ purchases: [json(503, { error: 'unavailable', message: 'Busy' }), json(503, { error: 'unavailable', message: 'Busy' }), purchase()] })
  renderAt('/book?purchase=pur-1')
  await advance(0)
  await advance(POLL_INTERVAL_MS)
  expect(screen.getByRole('status').textContent).toBe('Confirming your payment… (We are having trouble reaching the server; still trying.)')
  await advance(POLL_INTERVAL_MS * 2)
  expect(screen.getByTestId('cal-embed')).toBeTruthy()
})

it("someone else's purchase (404) is not shown", async () => {
  serve({ purchases: [json(404, { error: 'not_found', message: 'No such purchase' })] })
  renderAt('/book?purchase=pur-x')
  await advance(0)
  expect(screen.getByRole('alert').textContent).toContain("We couldn't find this purchase on your account.")
})

it('a host without a Cal.com Link, and a plan with every session used, say so instead of a calendar', async () => {
  serve({ hosts: [{ ...jane, calLink: null }], purchases: [purchase()] })
  renderAt('/book?purchase=pur-1')
  await advance(0)
  expect(screen.getByRole('alert').textContent).toContain("Jane Rivers hasn't connected a booking calendar yet")
  expect(screen.queryByTestId('cal-embed')).toBeNull()
  cleanup()

  const used = booked(
    purchase({ plan: 'adhoc', sessions: [{ id: 'ps-1', position: 1, creditStatus: 'available', refunded: false, booking: null }] }),
    'ps-1',
    'uid-1',
  )
  serve({ purchases: [used] })
  renderAt('/book?purchase=pur-1')
  await advance(0)
  expect(screen.getByRole('alert').textContent).toContain("You've booked or used every session in this Adhoc plan.")
  expect(screen.getByRole('link', { name: 'session page' }).getAttribute('href')).toContain('bookingId=uid-1')
  expect(screen.queryByTestId('cal-embed')).toBeNull()
})

it('a link without a purchase says so', async () => {
  serve({ purchases: [purchase()] })
  renderAt('/book')
  await advance(0)
  expect(screen.getByRole('alert').textContent).toContain('This booking link is missing its purchase.')
})
