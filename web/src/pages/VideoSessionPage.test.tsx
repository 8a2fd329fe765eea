import { cleanup, render, screen } from '@testing-library/react'
import { MemoryRouter } from 'react-router-dom'
import { afterEach, expect, it } from 'vitest'
import VideoSessionPage from './VideoSessionPage.tsx'

function renderAt(url: string) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <VideoSessionPage />
    </MemoryRouter>,
  )
}

afterEach(cleanup)

it('shows the booking id and role from the query string', () => {
  renderAt('/video-session?bookingId=abc%2F123&userType=member')

  expect(screen.getByRole('heading', { name: 'Video session' })).toBeTruthy()
  expect(screen.getByText('abc/123').tagName).toBe('CODE')
  expect(screen.getByText(/joining as member/)).toBeTruthy()
  expect(screen.getByText('The session page is coming soon.')).toBeTruthy()
})

it('ignores an unknown userType', () => {
  renderAt('/video-session?bookingId=abc&userType=admin')

  expect(screen.getByText('abc')).toBeTruthy()
  expect(screen.queryByText(/joining as/)).toBeNull()
})

it('says when the link has no booking id', () => {
  renderAt('/video-session?userType=host')

  expect(screen.getByText('This link has no booking id.')).toBeTruthy()
})
