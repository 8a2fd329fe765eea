import { LOCAL_ROOM_MESSAGE_SOURCE } from '../../../../shared/rooms/localRoomMessages.ts'
import type { StartCall } from './callFrame.ts'


function roomEvent(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null
  const message = data as { source?: unknown; event?: unknown }
  return message.source === LOCAL_ROOM_MESSAGE_SOURCE && typeof message.event === 'string' ? message.event : null
}

/** The local room page in an iframe at `${roomUrl}?t=${token}`; it posts `joined-meeting` and `left-meeting`. */
export const startLocalCall: StartCall = async (container, join, events) => {
  const url = new URL(join.roomUrl)
  url.searchParams.set('t', join.token)

  const iframe = document.createElement('iframe')
  iframe.src = url.toString()
  iframe.title = 'Video call'
  iframe.className = 'call-iframe'

  let active = true
  const onMessage = (event: MessageEvent) => {
    // Any window can post to this one: only the room's own frame speaks for the call.
    if (!active || event.source !== iframe.contentWindow || event.origin !== url.origin) return
    const name = roomEvent(event.data)
    if (name === 'joined-meeting') events.joined()
    else if (name === 'left-meeting') events.left()
  }
  window.addEventListener('message', onMessage)
  container.append(iframe)

  return {
    leave() {
      // The stand-in has no call to hang up: leaving is closing its page.
      if (active) events.left()
    },
    async destroy() {
      active = false
      window.removeEventListener('message', onMessage)
      iframe.remove()
    },
  }
}
