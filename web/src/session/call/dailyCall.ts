import type { StartCall } from './callFrame.ts'

/** join() rejects with an Error or with Daily's error event (`{ errorMsg }`). */
function describeJoinError(error: unknown): string {
  if (error instanceof Error) return error.message
  const message = (error as { errorMsg?: unknown } | null)?.errorMsg
  return typeof message === 'string' ? message : 'Could not join the call.'
}

/** Daily Prebuilt in an iframe, driven by daily-js, which is fetched (as its own chunk) only now. */
export const startDailyCall: StartCall = async (container, join, events) => {
  const { default: DailyIframe } = await import('@daily-co/daily-js')
  const frame = DailyIframe.createFrame(container, {
    showLeaveButton: true,
    iframeStyle: { width: '100%', height: '100%', border: '0' },
  })
  frame.iframe()?.setAttribute('title', 'Video call')

  // destroy() leaves the meeting, which would report `left-meeting`: nothing is reported after it.
  let active = true
  frame.on('joined-meeting', () => active && events.joined())
  frame.on('left-meeting', () => active && events.left())
  frame.on('error', (event) => active && events.failed(event?.errorMsg ?? 'The call stopped with an error.'))

  frame.join({ url: join.roomUrl, token: join.token }).catch((error: unknown) => {
    if (active) events.failed(describeJoinError(error))
  })

  return {
    leave() {
      void frame.leave()
    },
    async destroy() {
      active = false
      await frame.destroy()
    },
  }
}
