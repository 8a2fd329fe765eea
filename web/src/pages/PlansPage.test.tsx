import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router-dom'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { PublicHost } from '../../../shared/api/hosts.ts'
import { useSignedIn } from '../auth/useSignedIn.ts'
import { functionsUrl } from '../config.ts'
import { json, stubFetch } from '../testing/fetchStub.ts'
import { signedInAs, signedOut } from '../booking/signedInFixtures.ts'
import PlansPage from './PlansPage.tsx'

vi.mock('../auth/useSignedIn.ts', () => ({ useSignedIn: vi.fn() }))

const jane: PublicHost = { id: 'rec1', name: 'Jane Rivers', bio: 'Calm, practical conversations.', personalityTags: ['Calm'], calLink: 'jane/session', timeZone: 'Australia/Sydney' }
const hostsAnswer = () => json(200, { hosts: [jane] })

function renderAt(url: string) {
  const router = createMemoryRouter(
    [
      { path: '/plans', element: <PlansPage /> },
      { path: '/sign-in', element: <h1>Sign in</h1> },
      { path: '/host-selection', element: <h1>Choose a host</h1> },
    ],
    { initialEntries: [url] },
  )
  render(<RouterProvider router={router} />)
  return router
}

/** Text as read, with Intl's no-break space before the amount as a plain one. */
const text = (element: Element | null) => element?.textContent?.replace(/\u00a0/g, ' ')
const radio = (name: RegExp) => screen.getByRole('radio', { name }) as HTMLInputElement
const payButton = () => screen.getByRole('button', { name: /^(Pay|Sign in to pay|Opening)/ }) as HTMLButtonElement
const where = (router: ReturnType<typeof renderAt>) => `${router.state.location.pathname}${router.state.location.search}`

let assign: ReturnType<typeof vi.fn>
beforeEach(() => {
  assign = vi.fn()
  vi.stubGlobal('location', { ...window.location, assign })
})

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  vi.mocked(useSignedIn).mockReset()
})

it('shows the chosen host and both plans from the catalog, priced in AUD with their sessions', async () => {
  vi.mocked(useSignedIn).mockReturnValue(signedOut())
  stubFetch(hostsAnswer())
  renderAt('/plans?host=rec1')

  expect(await screen.findByRole('heading', { name: 'Jane Rivers' })).toBeTruthy()
  const options = within(screen.getByRole('group', { name: 'Plans' })).getAllByRole('radio')
  expect(options.map((option) => text(option.closest('label')))).toEqual([
    'AdhocAUD 18.001 sessionOne session, booked when it suits you.',
    'WeeklyAUD 40.003 sessionsThree sessions with the same host.',
  ])
  expect(options.every((option) => !(option as HTMLInputElement).checked)).toBe(true)
})

it('an unknown host id says so, with a way back to the hosts', async () => {
  vi.mocked(useSignedIn).mockReturnValue(signedOut())
  stubFetch(hostsAnswer())
  const router = renderAt('/plans?host=recGone')

  const alert = await screen.findByRole('alert')
  expect(alert.textContent).toContain("We couldn't find that host.")
  expect(screen.queryByRole('radio')).toBeNull()
  fireEvent.click(within(alert).getByRole('link', { name: 'Choose a host' }))
  expect(where(router)).toBe('/host-selection')
})

it('not signed in: choosing a plan goes to sign-in, which comes back to this page with the plan chosen', async () => {
  vi.mocked(useSignedIn).mockReturnValue(signedOut())
  const fetch = stubFetch(hostsAnswer())
  const router = renderAt('/plans?host=rec1')

  fireEvent.click(await screen.findByRole('radio', { name: /Weekly/ }))
  expect(where(router)).toBe('/plans?host=rec1&plan=weekly')
  fireEvent.click(payButton())

  expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy()
  expect(router.state.location.pathname).toBe('/sign-in')
  expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/plans?host=rec1&plan=weekly')
  expect(fetch.requests.map((request) => request.url.pathname)).toEqual(['/functions/v1/hosts'])
})

it('signed in: POSTs only the host and plan to checkout, once however often the button is pressed, and leaves for Stripe', async () => {
  vi.mocked(useSignedIn).mockReturnValue(signedInAs())
  let answer!: (response: Response) => void
  const fetch = stubFetch(hostsAnswer(), () => new Promise<Response>((resolve) => (answer = resolve)))
  renderAt('/plans?host=rec1&plan=adhoc')

  await screen.findByRole('heading', { name: 'Jane Rivers' })
  expect(radio(/Adhoc/).checked).toBe(true)
  expect(text(payButton())).toBe('Pay AUD 18.00')
  fireEvent.click(payButton())
  fireEvent.click(payButton())

  expect(payButton().disabled).toBe(true)
  expect(payButton().textContent).toBe('Opening secure checkout…')
  expect(radio(/Weekly/).matches(':disabled')).toBe(true)
  const posts = () => fetch.requests.filter((request) => request.method === 'POST')
  await vi.waitFor(() => expect(posts()).toHaveLength(1))
  expect(posts()[0]!.url.href).toBe(`${functionsUrl}/checkout`)
  expect(posts()[0]!.body).toEqual({ hostId: 'rec1', plan: 'adhoc' })

  answer(json(200, { purchaseId: 'pur-1', url: 'https://checkout.stripe.com/c/pay/cs_test_1' }))
  await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_test_1'))
  expect(assign).toHaveBeenCalledTimes(1)
  expect(posts()).toHaveLength(1)
})

it("a refused or failed checkout says why, changes nothing, and can be tried again", async () => {
  vi.mocked(useSignedIn).mockReturnValue(signedInAs())
  const fetch = stubFetch(
    hostsAnswer(),
    json(409, { error: 'host_inactive', message: 'Jane Rivers is not taking new members.' }),
    new TypeError('Failed to fetch'),
    json(200, { purchaseId: 'pur-2', url: 'https://checkout.stripe.com/c/pay/cs_test_2' }),
  )
  renderAt('/plans?host=rec1&plan=weekly')
  await screen.findByRole('heading', { name: 'Jane Rivers' })

  fireEvent.click(payButton())
  expect((await screen.findByRole('alert')).textContent).toBe('Jane Rivers is not taking new members.')
  expect(payButton().disabled).toBe(false)

  fireEvent.click(payButton())
  await vi.waitFor(() => expect(screen.getByRole('alert').textContent).toBe("We couldn't start the payment. Nothing was charged; please try again."))
  expect(assign).not.toHaveBeenCalled()

  fireEvent.click(payButton())
  await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('https://checkout.stripe.com/c/pay/cs_test_2'))
  expect(fetch.requests.filter((request) => request.method === 'POST').map((request) => request.body)).toEqual([
    { hostId: 'rec1', plan: 'weekly' },
    { hostId: 'rec1', plan: 'weekly' },
    { hostId: 'rec1', plan: 'weekly' },
  ])
})

it.each([
  ['a lapsed sign-in (401)', json(401, { error: 'unauthorized', message: 'Your sign-in has expired.' })],
  ['no member profile yet (403 profile_required)', json(403, { error: 'profile_required', message: 'Tell us your name and email first.' })],
])('%s sends the member to sign in and back to the chosen plan', async (_, refusal) => {
  vi.mocked(useSignedIn).mockReturnValue(signedInAs())
  stubFetch(hostsAnswer(), refusal)
  const router = renderAt('/plans?host=rec1&plan=weekly')
  await screen.findByRole('heading', { name: 'Jane Rivers' })

  fireEvent.click(payButton())

  expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy()
  expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/plans?host=rec1&plan=weekly')
})

it("Stripe's cancel return says nothing was charged and keeps the plan chosen", async () => {
  vi.mocked(useSignedIn).mockReturnValue(signedInAs())
  stubFetch(hostsAnswer())
  renderAt('/plans?host=rec1&plan=weekly&cancelled=1')

  expect((await screen.findByText(/Payment cancelled/)).textContent).toBe('Payment cancelled, nothing was charged. Your choice of Weekly is kept below.')
  expect(radio(/Weekly/).checked).toBe(true)
  expect(radio(/Adhoc/).checked).toBe(false)
  expect(text(payButton())).toBe('Pay AUD 40.00')
})

it('asks for a plan before paying, and says so when the page has no host', async () => {
  vi.mocked(useSignedIn).mockReturnValue(signedInAs())
  const fetch = stubFetch(hostsAnswer())
  renderAt('/plans?host=rec1')
  await screen.findByRole('heading', { name: 'Jane Rivers' })
  fireEvent.click(payButton())
  expect(screen.getByRole('alert').textContent).toBe('Choose a plan first.')
  expect(fetch.requests.filter((request) => request.method === 'POST')).toHaveLength(0)
  cleanup()

  stubFetch()
  renderAt('/plans')
  expect(screen.getByRole('alert').textContent).toContain('Choose a host first')
})
