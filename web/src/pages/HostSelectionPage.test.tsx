import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, expect, it, vi } from 'vitest'
import type { PublicHost } from '../../../shared/api/hosts.ts'
import { functionsUrl } from '../config.ts'
import HostSelectionPage from './HostSelectionPage.tsx'

const jane: PublicHost = {
  id: 'rec1',
  name: 'Jane Host',
  bio: 'Former teacher who loves a long chat.',
  personalityTags: ['Warm', 'Curious'],
  calLink: 'jane/session',
  timeZone: 'Australia/Sydney',
}
const omar: PublicHost = { id: 'rec2', name: 'Omar Host', bio: null, personalityTags: [], calLink: null, timeZone: null }

function stubFetch(...responses: Array<Response | Promise<Response>>) {
  const fetch = vi.fn<typeof globalThis.fetch>()
  for (const response of responses) fetch.mockReturnValueOnce(Promise.resolve(response))
  vi.stubGlobal('fetch', fetch)
  return fetch
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

it('shows a loading state, then the hosts from GET /hosts', async () => {
  let answer!: (response: Response) => void
  const fetch = stubFetch(new Promise<Response>((resolve) => (answer = resolve)))

  render(<HostSelectionPage />)

  expect(screen.getByRole('status').textContent).toBe('Loading hosts…')
  expect(fetch.mock.calls[0]?.[0]).toBe(`${functionsUrl}/hosts`)

  answer(Response.json({ hosts: [jane, omar] }))

  const list = await screen.findByRole('list', { name: 'Hosts' })
  expect(list.children).toHaveLength(2)
  expect(screen.getByRole('heading', { name: 'Jane Host' })).toBeTruthy()
  expect(screen.getByText('Former teacher who loves a long chat.')).toBeTruthy()
  const tags = screen.getByRole('list', { name: "Jane Host's personality" })
  expect([...tags.children].map((tag) => tag.textContent)).toEqual(['Warm', 'Curious'])
  expect(screen.getByText('Time zone: Australia/Sydney')).toBeTruthy()
  expect(screen.getByRole('heading', { name: 'Omar Host' })).toBeTruthy()
  expect(screen.queryByRole('status')).toBeNull()
})

it('says so when there are no active hosts', async () => {
  stubFetch(Response.json({ hosts: [] }))

  render(<HostSelectionPage />)

  expect(await screen.findByText('No hosts are available right now. Please check back soon.')).toBeTruthy()
  expect(screen.queryByRole('list', { name: 'Hosts' })).toBeNull()
})

it('shows an error with "Try again" on a server error, and loads the hosts on retry', async () => {
  const fetch = stubFetch(
    Response.json({ error: 'internal' }, { status: 500 }),
    Response.json({ hosts: [jane] }),
  )

  render(<HostSelectionPage />)

  const alert = await screen.findByRole('alert')
  expect(alert.textContent).toContain("We couldn't load the hosts.")
  fireEvent.click(screen.getByRole('button', { name: 'Try again' }))

  expect(await screen.findByRole('heading', { name: 'Jane Host' })).toBeTruthy()
  expect(screen.queryByRole('alert')).toBeNull()
  expect(fetch).toHaveBeenCalledTimes(2)
})

it('shows the error state when the network fails or the body is not a host list', async () => {
  const fetch = vi.fn<typeof globalThis.fetch>()
  fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'))
  fetch.mockResolvedValueOnce(Response.json({ hosts: [{ id: 1 }] }))
  vi.stubGlobal('fetch', fetch)

  render(<HostSelectionPage />)

  expect(await screen.findByRole('alert')).toBeTruthy()
  fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
  expect(await screen.findByRole('alert')).toBeTruthy()
  expect(fetch).toHaveBeenCalledTimes(2)
})
