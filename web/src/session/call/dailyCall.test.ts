import { afterEach, expect, it, vi } from 'vitest'
import type { SessionJoin } from '../../../../shared/api/session.ts'

type Listener = (event?: unknown) => void

/** Stands in for a daily-js call frame: records calls, and lets the test emit its events. */
const fake = vi.hoisted(() => ({
  listeners: new Map<string, Listener>(),
  options: undefined as unknown,
  container: undefined as HTMLElement | undefined,
  iframe: undefined as unknown as HTMLIFrameElement,
  join: vi.fn(async (_: unknown) => ({})),
  leave: vi.fn(async () => {}),
  destroy: vi.fn(async () => {}),
}))

vi.mock('@daily-co/daily-js', () => ({
  default: {
    createFrame(container: HTMLElement, options: unknown) {
      fake.container = container
      fake.options = options
      fake.iframe = container.appendChild(document.createElement('iframe'))
      return {
        iframe: () => fake.iframe,
        on: (event: string, listener: Listener) => fake.listeners.set(event, listener),
        join: fake.join,
        leave: fake.leave,
        destroy: fake.destroy,
      }
    },
  },
}))

const { startDailyCall } = await import('./dailyCall.ts')

const join: SessionJoin = { provider: 'daily', roomUrl: 'https://presence.daily.co/presence-abc', token: 'daily.meeting.token', expiresAt: '2030-01-01T00:00:00Z' }
const emit = (event: string, payload?: unknown) => fake.listeners.get(event)?.(payload)

async function start() {
  const container = document.body.appendChild(document.createElement('div'))
  const events = { joined: vi.fn(), left: vi.fn(), failed: vi.fn() }
  return { container, events, call: await startDailyCall(container, join, events) }
}

afterEach(() => {
  fake.listeners.clear()
  vi.clearAllMocks()
  document.body.innerHTML = ''
})

it('creates a Prebuilt frame in the container and joins the room with the meeting token', async () => {
  const { container } = await start()
  expect(fake.container).toBe(container)
  expect(fake.options).toMatchObject({ showLeaveButton: true })
  expect(fake.iframe.title).toBe('Video call')
  expect(fake.join).toHaveBeenCalledWith({ url: join.roomUrl, token: join.token })
})

it("maps Daily's joined-meeting, left-meeting and error events", async () => {
  const { events } = await start()
  emit('joined-meeting', { action: 'joined-meeting', participants: {} })
  emit('left-meeting', { action: 'left-meeting' })
  emit('error', { action: 'error', errorMsg: 'Meeting has ended' })
  expect(events.joined).toHaveBeenCalledTimes(1)
  expect(events.left).toHaveBeenCalledTimes(1)
  expect(events.failed).toHaveBeenCalledWith('Meeting has ended')
})

it('a rejected join is reported as a failure, with Daily\'s message', async () => {
  fake.join.mockRejectedValueOnce({ action: 'error', errorMsg: 'not allowed' })
  const { events } = await start()
  await vi.waitFor(() => expect(events.failed).toHaveBeenCalledWith('not allowed'))
})

it('leave asks Daily to leave; destroy tears the frame down and silences it', async () => {
  const { events, call } = await start()
  call.leave()
  expect(fake.leave).toHaveBeenCalledTimes(1)
  await call.destroy()
  expect(fake.destroy).toHaveBeenCalledTimes(1)
  // daily-js leaves the meeting while it is destroyed, and says so: that is not the viewer leaving.
  emit('left-meeting', { action: 'left-meeting' })
  expect(events.left).not.toHaveBeenCalled()
})
