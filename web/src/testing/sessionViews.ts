import type { SessionView } from '../../../shared/api/session.ts'

/** Test-only: session views as the `session` function answers them. */

const MINUTE = 60_000

/** A booked session whose window opens `opensInMs` after `now` (negative: already open). */
export function sessionView(overrides: Partial<SessionView> = {}, now = Date.now(), opensInMs = 10 * MINUTE): SessionView {
  const opensAt = now + opensInMs
  const start = opensAt + 15 * MINUTE
  const end = start + 30 * MINUTE
  const closesAt = end + 10 * MINUTE
  const state = now < opensAt ? 'before' : now >= closesAt ? 'closed' : 'open'
  return {
    bookingId: 'uid-1',
    role: 'member',
    bookingStatus: 'Created',
    title: 'Session between Jane Rivers and Max Member',
    hostName: 'Jane Rivers',
    memberName: 'Max Member',
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    cancellationReason: null,
    freeCancellationUntil: null,
    roomStatus: 'Active',
    joinWindow: { opensAt: new Date(opensAt).toISOString(), closesAt: new Date(closesAt).toISOString(), state },
    serverTime: new Date(now).toISOString(),
    prompts: { preSession: 'Find a quiet spot.\nHave a glass of water nearby.', postSession: 'What will you carry into your week?' },
    joined: { host: false, member: false },
    rating: null,
    likedMember: false,
    join:
      state === 'open'
        ? { provider: 'local', roomUrl: 'http://127.0.0.1:54321/local-daily/presence-abc', token: 'meeting.token.jwt', expiresAt: new Date(closesAt).toISOString() }
        : null,
    ...overrides,
  }
}

/** The same session, now inside its join window. */
export function openView(overrides: Partial<SessionView> = {}, now = Date.now()): SessionView {
  return sessionView(overrides, now, -MINUTE)
}

/** `view` at the moment its window opens, as the server answers then: with a way in unless `join` is given. */
export function openedAt(view: SessionView, overrides: Partial<SessionView> = {}): SessionView {
  return {
    ...view,
    serverTime: view.joinWindow.opensAt,
    joinWindow: { ...view.joinWindow, state: 'open' },
    join: { provider: 'local', roomUrl: 'http://127.0.0.1:54321/local-daily/presence-abc', token: 'meeting.token.jwt', expiresAt: view.joinWindow.closesAt },
    ...overrides,
  }
}
