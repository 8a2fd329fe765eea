import { useCallback, useEffect, useState } from 'react'
import type { SessionView } from '../../../shared/api/session.ts'
import { functionsUrl } from '../config.ts'
import { FunctionCallError } from '../api/callFunction.ts'
import { createRoom } from './sessionApi.ts'
import type { SessionLink } from './sessionLink.ts'
import { sessionStage } from './sessionStage.ts'

/** Pauses before each retry of a busy or unreachable server; after the last, the viewer decides. */
const ROOM_RETRY_DELAYS_MS = [1_000, 2_000, 4_000]

export type RoomPreparationState = 'working' | 'failed'

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true })
  })
}

/**
 * Asks `daily-create-room` for the link's room, then fetches the view again (`refresh`) to get
 * the way in. A view that still has no room after that is a failure, not a reason to loop.
 */
export function useRoomPreparation(
  link: SessionLink,
  refresh: () => Promise<SessionView | null>,
): { state: RoomPreparationState; retry: () => void } {
  const [run, setRun] = useState(0)
  const [state, setState] = useState<RoomPreparationState>('working')

  useEffect(() => {
    const controller = new AbortController()
    const { signal } = controller

    async function prepare(): Promise<void> {
      for (let attempt = 0; ; attempt++) {
        try {
          await createRoom(functionsUrl, link, signal)
          break
        } catch (error) {
          if (signal.aborted) return
          // Not joinable (no longer booked, or the window moved): the fresh view says which.
          if (error instanceof FunctionCallError && error.status === 409) break
          const delay = error instanceof FunctionCallError && error.retryable ? ROOM_RETRY_DELAYS_MS[attempt] : undefined
          if (delay === undefined) {
            setState('failed')
            return
          }
          await pause(delay, signal)
          if (signal.aborted) return
        }
      }
      const view = await refresh()
      if (!signal.aborted && view && sessionStage(view) === 'needs_room') setState('failed')
    }

    void prepare()
    return () => controller.abort()
  }, [link, refresh, run])

  const retry = useCallback(() => {
    setState('working')
    setRun((n) => n + 1)
  }, [])
  return { state, retry }
}
