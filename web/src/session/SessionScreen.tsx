import { useCallback, useState } from 'react'
import type { SessionJoin } from '../../../shared/api/session.ts'
import { AfterSessionScreen } from './screens/AfterSessionScreen.tsx'
import { CallScreen } from './screens/CallScreen.tsx'
import { CancelledScreen } from './screens/CancelledScreen.tsx'
import { JoinEntry } from './screens/JoinEntry.tsx'
import { LinkProblemScreen } from './screens/LinkProblemScreen.tsx'
import { LoadingScreen } from './screens/LoadingScreen.tsx'
import { LobbyScreen } from './screens/LobbyScreen.tsx'
import { PendingScreen } from './screens/PendingScreen.tsx'
import { RoomPreparation } from './screens/RoomPreparation.tsx'
import { UnavailableScreen } from './screens/UnavailableScreen.tsx'
import { WindowCountdown } from './screens/WindowCountdown.tsx'
import { recordJoined } from './recordJoined.ts'
import type { SessionLink } from './sessionLink.ts'
import { sessionStage } from './sessionStage.ts'
import { useSessionView } from './useSessionView.ts'

/** One screen per state of the session and of this viewer's visit (waiting, in the call, after it). */
export function SessionScreen({ link }: { link: SessionLink }) {
  const { state, reload, refresh, show } = useSessionView(link)
  // The way in captured when Join was pressed: later views (with fresh tokens) must not restart the call.
  const [call, setCall] = useState<SessionJoin | null>(null)
  const [left, setLeft] = useState(false)

  const onJoined = useCallback(() => {
    void recordJoined(link).then((view) => view && show(view))
  }, [link, show])
  const onLeft = useCallback(() => {
    setCall(null)
    setLeft(true)
  }, [])
  const refreshQuietly = useCallback(() => void refresh(), [refresh])

  switch (state.status) {
    case 'loading':
      return <LoadingScreen />
    case 'refused':
      return <LinkProblemScreen problem={state.code} onRetry={reload} />
    case 'unavailable':
      return <UnavailableScreen onRetry={reload} />
  }

  const { view, clock } = state
  const stage = sessionStage(view)
  if (call) return <CallScreen join={call} onJoined={onJoined} onLeft={onLeft} />
  if (left) {
    const rejoin = stage === 'open' && view.join ? view.join : null
    const onRejoin = rejoin
      ? () => {
          setLeft(false)
          setCall(rejoin)
        }
      : undefined
    return <AfterSessionScreen view={view} link={link} reason="left" onRated={show} onRejoin={onRejoin} />
  }

  switch (stage) {
    case 'cancelled':
      return <CancelledScreen view={view} />
    case 'pending':
      return <PendingScreen view={view} link={link} onRecheck={refreshQuietly} />
    case 'ended':
      return <AfterSessionScreen view={view} link={link} reason="ended" onRated={show} />
    case 'before':
      return (
        <LobbyScreen view={view} link={link}>
          <WindowCountdown view={view} clock={clock} onOpen={refreshQuietly} />
        </LobbyScreen>
      )
    case 'needs_room':
      return (
        <LobbyScreen view={view} link={link}>
          <RoomPreparation link={link} refresh={refresh} />
        </LobbyScreen>
      )
    case 'open':
      return (
        <LobbyScreen view={view} link={link}>
          <JoinEntry view={view} clock={clock} onJoin={() => setCall(view.join)} onClose={refreshQuietly} />
        </LobbyScreen>
      )
  }
}
