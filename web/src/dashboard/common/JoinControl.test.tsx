import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { clockFromServerTime, type ServerClock } from '../../session/serverClock.ts'
import { JoinControl } from './JoinControl.tsx'

const NOW = Date.parse('2026-03-10T00:00:00Z')
const MINUTE = 60_000
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString()
const LINK = `${window.location.origin}/video-session?bookingId=uid-1&userType=member&token=v1.abc`

function Location() {
  const location = useLocation()
  return <p data-testid="location">{location.pathname + location.search}</p>
}

function renderControl(opensInMs: number, { clock = { offsetMs: 0 } as ServerClock, label = undefined as string | undefined } = {}) {
  const window = { opensAt: at(opensInMs), closesAt: at(opensInMs + 55 * MINUTE) }
  return render(
    <MemoryRouter initialEntries={['/dashboard']}>
      <Routes>
        <Route path="/dashboard" element={<JoinControl joinWindow={window} sessionLink={LINK} clock={clock} label={label} />} />
        <Route path="/video-session" element={<Location />} />
      </Routes>
    </MemoryRouter>,
  )
}

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  vi.setSystemTime(NOW)
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

it('before the window: a disabled Join with a live countdown, which becomes the link when the window opens', async () => {
  renderControl(5 * MINUTE)
  const button = screen.getByRole('button', { name: 'Join' }) as HTMLButtonElement
  expect(button.disabled).toBe(true)
  expect(screen.getByRole('timer').textContent).toBe('05:00')
  expect(document.getElementById(button.getAttribute('aria-describedby')!)!.textContent).toBe('opens in 05:00')
  expect(screen.queryByRole('link')).toBeNull()
  expect(screen.getByRole('status').textContent).toBe('')

  await advance(1000)
  expect(screen.getByRole('timer').textContent).toBe('04:59')
  await advance(4 * MINUTE + 58_000)
  expect(screen.getByRole('timer').textContent).toBe('00:01')
  expect(screen.queryByRole('link')).toBeNull()

  await advance(1000)
  expect(screen.queryByRole('button')).toBeNull()
  expect(screen.queryByRole('timer')).toBeNull()
  expect(screen.getByRole('status').textContent).toBe('The room is open: you can join now.')
  fireEvent.click(screen.getByRole('link', { name: 'Join' }))
  expect(screen.getByTestId('location').textContent).toBe('/video-session?bookingId=uid-1&userType=member&token=v1.abc')
})

it("counts on the server's clock, not the browser's", async () => {
  // The browser is two minutes slow: the server says the window opens in one minute.
  renderControl(3 * MINUTE, { clock: clockFromServerTime(at(2 * MINUTE)) })
  expect(screen.getByRole('timer').textContent).toBe('01:00')
  await advance(MINUTE)
  expect(screen.getByRole('link', { name: 'Join' })).toBeTruthy()
})

it('inside the window: the link straight away, with the label given (the host\'s)', () => {
  renderControl(-MINUTE, { label: 'Join as host' })
  expect(screen.getByRole('link', { name: 'Join as host' }).getAttribute('href')).toBe(LINK)
  expect(screen.queryByRole('button')).toBeNull()
  expect(screen.getByRole('status').textContent).toBe('')
})

it('goes away when the window closes, and is not there after it', async () => {
  renderControl(-54 * MINUTE)
  expect(screen.getByRole('link', { name: 'Join' })).toBeTruthy()
  await advance(MINUTE)
  expect(screen.queryByRole('link')).toBeNull()
  cleanup()
  renderControl(-56 * MINUTE)
  expect(screen.queryByRole('link')).toBeNull()
  expect(screen.queryByRole('button')).toBeNull()
})
