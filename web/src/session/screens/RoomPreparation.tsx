import type { SessionView } from '../../../../shared/api/session.ts'
import type { SessionLink } from '../sessionLink.ts'
import { useRoomPreparation } from '../useRoomPreparation.ts'

/** In the window with no room yet: have one made, and show that something is happening. */
export function RoomPreparation({ link, refresh }: { link: SessionLink; refresh: () => Promise<SessionView | null> }) {
  const { state, retry } = useRoomPreparation(link, refresh)
  if (state === 'working') {
    return (
      <p role="status" className="progress">
        Preparing your room… This usually takes a few seconds.
      </p>
    )
  }
  return (
    <div role="alert" className="notice">
      <p>We couldn't prepare your video room. The video service may be busy; please try again in a moment.</p>
      <button type="button" className="button" onClick={retry}>
        Try again
      </button>
    </div>
  )
}
