import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom'
import { afterEach, expect, it } from 'vitest'
import { describeTimeZone, formatSessionRange, formatSessionStart } from './formatTimes.ts'
import { SessionCard, type SessionCardSession } from './SessionCard.tsx'

const session: SessionCardSession = {
  role: 'member',
  bookingStatus: 'Created',
  title: 'Session between Jane Rivers and Max Member',
  hostName: 'Jane Rivers',
  memberName: 'Max Member',
  start: '2030-03-03T23:00:00Z',
}

function Location() {
  const location = useLocation()
  return <p data-testid="location">{location.pathname + location.search}</p>
}

function renderCard(card: SessionCardSession, link: string) {
  return render(
    <MemoryRouter initialEntries={['/dashboard']}>
      <Routes>
        <Route path="/dashboard" element={<SessionCard session={card} link={link} />} />
        <Route path="/video-session" element={<Location />} />
      </Routes>
    </MemoryRouter>,
  )
}

afterEach(cleanup)

it('shows the title, the other party, the start in the viewer\'s zone and the status', () => {
  renderCard(session, '/video-session?bookingId=uid-1&userType=member&token=t')
  const card = screen.getByRole('article', { name: 'Session between Jane Rivers and Max Member' })
  expect(card.textContent).toContain('With Jane Rivers · you are the member')
  const time = card.querySelector('time')!
  expect(time.getAttribute('datetime')).toBe(session.start)
  expect(time.textContent).toBe(formatSessionStart(session.start))
  expect(card.textContent).toContain(`· ${describeTimeZone(session.start)}`)
  expect(screen.getByText('Booked')).toBeTruthy()
})

it('for a host, the other party is the member; without a title it says who with', () => {
  renderCard({ ...session, role: 'host', title: null, bookingStatus: 'Pending' }, '/video-session?bookingId=uid-1&userType=host&token=t')
  expect(screen.getByRole('heading', { name: 'Session with Max Member' })).toBeTruthy()
  expect(screen.getByText(/With Max Member · you are hosting/)).toBeTruthy()
  expect(screen.getByText('Awaiting confirmation')).toBeTruthy()
})

it('navigates to its session page link', () => {
  renderCard(session, '/video-session?bookingId=uid-1&userType=member&token=v1.abc')
  fireEvent.click(screen.getByRole('link', { name: 'Session between Jane Rivers and Max Member' }))
  expect(screen.getByTestId('location').textContent).toBe('/video-session?bookingId=uid-1&userType=member&token=v1.abc')
})

it('an absolute link on this origin (as the server signs them) navigates inside the app', () => {
  renderCard({ ...session, bookingStatus: 'Cancelled' }, `${window.location.origin}/video-session?bookingId=uid-2&userType=member&token=v1.def`)
  expect(screen.getByText('Cancelled')).toBeTruthy()
  fireEvent.click(screen.getByRole('link'))
  expect(screen.getByTestId('location').textContent).toBe('/video-session?bookingId=uid-2&userType=member&token=v1.def')
})

it('without a link the title is plain text; with an end it gives the range; what the dashboard adds follows', () => {
  render(
    <MemoryRouter>
      <SessionCard session={{ ...session, end: '2030-03-03T23:30:00Z', bookingStatus: 'Completed' }}>
        <p>You rated it 4 of 5</p>
      </SessionCard>
    </MemoryRouter>,
  )
  const card = screen.getByRole('article', { name: 'Session between Jane Rivers and Max Member' })
  expect(screen.queryByRole('link')).toBeNull()
  expect(card.querySelector('time')!.textContent).toBe(formatSessionRange('2030-03-03T23:00:00Z', '2030-03-03T23:30:00Z'))
  expect(card.textContent).toContain('Completed')
  expect(card.lastElementChild!.textContent).toBe('You rated it 4 of 5')
})
