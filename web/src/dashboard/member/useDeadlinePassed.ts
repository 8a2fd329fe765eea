import { useEffect, useState } from 'react'
import { serverNow, type ServerClock } from '../../session/serverClock.ts'

/** The longest delay a browser timer takes; a later deadline is checked again when this runs out. */
const MAX_TIMER_MS = 2 ** 31 - 1

/** Whether `deadline` has passed on the server's clock (exactly at it counts as in time), turning true when it does. */
export function useDeadlinePassed(deadline: string | null, clock: ServerClock): boolean {
  const passedAt = (now: number) => deadline !== null && now > Date.parse(deadline)
  const [passed, setPassed] = useState(() => passedAt(serverNow(clock)))

  useEffect(() => {
    if (deadline === null) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const check = () => {
      const left = Date.parse(deadline) - serverNow(clock)
      setPassed(left < 0)
      if (left >= 0) timer = setTimeout(check, Math.min(left + 1, MAX_TIMER_MS))
    }
    check()
    return () => clearTimeout(timer)
  }, [deadline, clock])

  return passed
}
