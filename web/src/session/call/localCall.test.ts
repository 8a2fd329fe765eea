import { afterEach, expect, it, vi } from 'vitest'
import type { SessionJoin } from '../../../../shared/api/session.ts'
import { startLocalCall } from './localCall.ts'

const join: SessionJoin = { provider: 'local', roomUrl: 'http://127.0.0.1:54321/local-daily/presence-abc', token: 'a.b.c', expiresAt: '2030-01-01T00:00:00Z' }
const ROOM_ORIGIN = 'http://127.0.0.1:54321'

function setUp() {
  const container = document.createElement('div')
  document.body.append(container)
  const events = { joined: vi.fn(), left: vi.fn(), failed: vi.fn() }
  return { container, events }
}

function post(data: unknown, source: MessageEventSource | null, origin = ROOM_ORIGIN) {
  window.dispatchEvent(new MessageEvent('message', { data, source, origin }))
}

afterEach(() => {
  document.body.innerHTML = ''
})

it('embeds the room page with the meeting token, titled for screen readers', async () => {
  const { container, events } = setUp()
  await startLocalCall(container, join, events)
  const iframe = container.querySelector('iframe')!
  expect(iframe.src).toBe(`${join.roomUrl}?t=a.b.c`)
  expect(iframe.title).toBe('Video call')
})

it("reports the room page's joined and left messages", async () => {
  const { container, events } = setUp()
  await startLocalCall(container, join, events)
  const room = container.querySelector('iframe')!.contentWindow

  post({ source: 'presence-local-room', event: 'joined-meeting' }, room)
  expect(events.joined).toHaveBeenCalledTimes(1)
  post({ source: 'presence-local-room', event: 'left-meeting' }, room)
  expect(events.left).toHaveBeenCalledTimes(1)
})

it('ignores messages from any other window or origin, and messages of another shape', async () => {
  const { container, events } = setUp()
  await startLocalCall(container, join, events)
  const room = container.querySelector('iframe')!.contentWindow
  const other = document.body.appendChild(document.createElement('iframe')).contentWindow

  post({ source: 'presence-local-room', event: 'joined-meeting' }, other)
  post({ source: 'presence-local-room', event: 'joined-meeting' }, window)
  post({ source: 'presence-local-room', event: 'joined-meeting' }, room, 'https://evil.example')
  post({ source: 'someone-else', event: 'joined-meeting' }, room)
  post('joined-meeting', room)
  post(null, room)
  expect(events.joined).not.toHaveBeenCalled()
})

it('leave reports left; after destroy the frame is gone and nothing more is reported', async () => {
  const { container, events } = setUp()
  const frame = await startLocalCall(container, join, events)
  const room = container.querySelector('iframe')!.contentWindow

  frame.leave()
  expect(events.left).toHaveBeenCalledTimes(1)
  await frame.destroy()
  expect(container.querySelector('iframe')).toBeNull()
  post({ source: 'presence-local-room', event: 'left-meeting' }, room)
  frame.leave()
  expect(events.left).toHaveBeenCalledTimes(1)
})
