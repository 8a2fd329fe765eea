import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { createMemoryRouter, RouterProvider } from 'react-router-dom'
import { afterEach, expect, it, vi } from 'vitest'
import type { PublicHost } from '../../../shared/api/hosts.ts'
import { functionsUrl } from '../config.ts'
import { json, stubFetch } from '../testing/fetchStub.ts'
import HostSelectionPage from './HostSelectionPage.tsx'

const jane: PublicHost = {
  id: 'rec1',
  name: 'Jane Rivers',
  bio: 'Former teacher who loves a long chat.',
  personalityTags: ['Warm', 'Curious'],
  calLink: 'jane/session',
  timeZone: 'Australia/Sydney',
}
const siobhan: PublicHost = {
  id: 'rec2',
  name: 'Siobhán O’Connor',
  bio: 'Calm, practical conversations about WORK and change.',
  personalityTags: ['Calm', 'Practical'],
  calLink: 'siobhan/session',
  timeZone: 'Europe/Dublin',
}
const omar: PublicHost = { id: 'rec3', name: 'Omar Haddad', bio: null, personalityTags: ['Warm'], calLink: null, timeZone: null }

function renderAt(url: string) {
  const router = createMemoryRouter(
    [
      { path: '/', element: <h1>Landing</h1> },
      { path: '/host-selection', element: <HostSelectionPage /> },
      { path: '/plans', element: <h1>Plans</h1> },
    ],
    { initialEntries: ['/', url], initialIndex: 1 },
  )
  render(<RouterProvider router={router} />)
  return router
}

const hostNames = () =>
  within(screen.getByRole('list', { name: 'Hosts' }))
    .getAllByRole('heading')
    .map((heading) => heading.textContent)
const search = () => screen.getByRole('searchbox', { name: 'Search by name or bio' }) as HTMLInputElement
const tagButton = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

it('shows a loading state, then the hosts from GET /hosts with their tags', async () => {
  let answer!: (response: Response) => void
  const fetch = stubFetch(() => new Promise<Response>((resolve) => (answer = resolve)))

  renderAt('/host-selection')

  expect(screen.getByRole('status').textContent).toBe('Loading hosts…')
  expect(fetch.requests[0]!.url.href).toBe(`${functionsUrl}/hosts`)

  answer(json(200, { hosts: [jane, siobhan, omar] }))

  await screen.findByRole('list', { name: 'Hosts' })
  expect(hostNames()).toEqual(['Jane Rivers', 'Siobhán O’Connor', 'Omar Haddad'])
  expect(screen.getByText('Former teacher who loves a long chat.')).toBeTruthy()
  const tags = screen.getByRole('list', { name: "Jane Rivers's personality" })
  expect([...tags.children].map((tag) => tag.textContent)).toEqual(['Warm', 'Curious'])
  expect(screen.getByText('Time zone: Australia/Sydney')).toBeTruthy()
  expect(screen.getByRole('status').textContent).toBe('3 hosts')
  // The toggles are the tags the data has, each once, in order.
  const toggles = within(screen.getByRole('group', { name: 'Personality (any of)' })).getAllByRole('button')
  expect(toggles.map((toggle) => toggle.textContent)).toEqual(['Calm', 'Curious', 'Practical', 'Warm'])
  expect(toggles.every((toggle) => toggle.getAttribute('aria-pressed') === 'false')).toBe(true)
})

it("searches name and bio as you type, ignoring case and the apostrophe's form, and keeps the text in the URL without a history entry per key", async () => {
  stubFetch(json(200, { hosts: [jane, siobhan, omar] }))
  const router = renderAt('/host-selection')
  await screen.findByRole('list', { name: 'Hosts' })

  fireEvent.change(search(), { target: { value: "o'connor" } })
  expect(hostNames()).toEqual(['Siobhán O’Connor'])
  expect(router.state.location.search).toBe(`?q=o%27connor`)

  fireEvent.change(search(), { target: { value: "O'CONNOR" } })
  expect(hostNames()).toEqual(['Siobhán O’Connor'])

  fireEvent.change(search(), { target: { value: 'work' } })
  expect(hostNames()).toEqual(['Siobhán O’Connor'])
  expect(screen.getByRole('status').textContent).toBe('1 of 3 hosts match')

  fireEvent.change(search(), { target: { value: 'siobhan teacher' } })
  expect(screen.queryByRole('list', { name: 'Hosts' })).toBeNull()

  fireEvent.change(search(), { target: { value: 'LONG chat' } })
  expect(hostNames()).toEqual(['Jane Rivers'])

  // Each keystroke replaced the entry: back leaves the page instead of stepping through the typing.
  await act(() => router.navigate(-1))
  expect(router.state.location.pathname).toBe('/')
})

it('filters by personality tags (any of those chosen) in the URL, and a link with them reproduces the view', async () => {
  stubFetch(json(200, { hosts: [jane, siobhan, omar] }))
  const router = renderAt('/host-selection')
  await screen.findByRole('list', { name: 'Hosts' })

  fireEvent.click(tagButton('Warm'))
  expect(hostNames()).toEqual(['Jane Rivers', 'Omar Haddad'])
  expect(tagButton('Warm').getAttribute('aria-pressed')).toBe('true')
  fireEvent.click(tagButton('Calm'))
  expect(hostNames()).toEqual(['Jane Rivers', 'Siobhán O’Connor', 'Omar Haddad'])
  expect(router.state.location.search).toBe('?tag=Warm&tag=Calm')
  fireEvent.click(tagButton('Warm'))
  expect(hostNames()).toEqual(['Siobhán O’Connor'])
  expect(router.state.location.search).toBe('?tag=Calm')
  cleanup()

  stubFetch(json(200, { hosts: [jane, siobhan, omar] }))
  renderAt('/host-selection?q=jane&tag=Warm&tag=Curious')
  await screen.findByRole('list', { name: 'Hosts' })
  expect(search().value).toBe('jane')
  expect(tagButton('Curious').getAttribute('aria-pressed')).toBe('true')
  expect(tagButton('Warm').getAttribute('aria-pressed')).toBe('true')
  expect(hostNames()).toEqual(['Jane Rivers'])
})

it('back and forward bring the search text of that step back into the box', async () => {
  stubFetch(json(200, { hosts: [jane, siobhan, omar] }))
  const router = renderAt('/host-selection')
  await screen.findByRole('list', { name: 'Hosts' })

  fireEvent.change(search(), { target: { value: 'jane' } })
  fireEvent.click(tagButton('Warm'))
  fireEvent.change(search(), { target: { value: 'omar' } })
  expect(hostNames()).toEqual(['Omar Haddad'])
  expect(router.state.location.search).toBe('?q=omar&tag=Warm')

  await act(() => router.navigate(-1))
  expect(search().value).toBe('jane')
  expect(hostNames()).toEqual(['Jane Rivers'])
  expect(tagButton('Warm').getAttribute('aria-pressed')).toBe('false')

  await act(() => router.navigate(1))
  expect(search().value).toBe('omar')
  expect(hostNames()).toEqual(['Omar Haddad'])
})

it('says no host matches, with a clear that brings every host back, even for a tag no host has any more', async () => {
  stubFetch(json(200, { hosts: [jane, omar] }))
  const router = renderAt('/host-selection?q=nobody&tag=Retired')
  await screen.findByText('No host matches your search.')

  expect(screen.queryByRole('list', { name: 'Hosts' })).toBeNull()
  expect(screen.getByRole('status').textContent).toBe('0 of 2 hosts match')
  expect(tagButton('Retired').getAttribute('aria-pressed')).toBe('true')

  fireEvent.click(screen.getByRole('button', { name: 'Clear search and filters' }))

  expect(hostNames()).toEqual(['Jane Rivers', 'Omar Haddad'])
  expect(router.state.location.search).toBe('')
  expect(search().value).toBe('')
  expect(screen.queryByRole('button', { name: 'Retired' })).toBeNull()
})

it('choosing a host goes to its plans', async () => {
  stubFetch(json(200, { hosts: [jane, siobhan] }))
  const router = renderAt('/host-selection')
  fireEvent.click(await screen.findByRole('link', { name: 'Choose Siobhán O’Connor' }))

  expect(await screen.findByRole('heading', { name: 'Plans' })).toBeTruthy()
  expect(`${router.state.location.pathname}${router.state.location.search}`).toBe('/plans?host=rec2')
})

it('says so when there are no active hosts', async () => {
  stubFetch(json(200, { hosts: [] }))
  renderAt('/host-selection')

  expect(await screen.findByText('No hosts are available right now. Please check back soon.')).toBeTruthy()
  expect(screen.queryByRole('list', { name: 'Hosts' })).toBeNull()
  expect(screen.queryByRole('searchbox')).toBeNull()
})

it('shows an error with "Try again" on a server error, a network failure or a body that is not a host list, and loads on retry', async () => {
  const fetch = stubFetch(json(500, { error: 'internal', message: 'boom' }), new TypeError('Failed to fetch'), json(200, { hosts: [{ id: 1 }] }), json(200, { hosts: [jane] }))
  renderAt('/host-selection?q=jane')

  for (let attempt = 0; attempt < 3; attempt++) {
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain("We couldn't load the hosts.")
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
  }

  expect(await screen.findByRole('heading', { name: 'Jane Rivers' })).toBeTruthy()
  expect(screen.queryByRole('alert')).toBeNull()
  expect(search().value).toBe('jane')
  expect(fetch.requests).toHaveLength(4)
})
