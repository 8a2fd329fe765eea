import { useEffect, useRef, useState } from 'react'
import { serverNow, type ServerClock } from './serverClock.ts'

/**
 * Milliseconds left until `target` on the server's clock, updated every second; calls
 * `onReached` once when it gets there. Background tabs throttle timers, so every tick measures
 * again rather than counting ticks.
 */
export function useCountdown(target: string, clock: ServerClock, onReached: () => void): number {
  const targetMs = Date.parse(target)
  const [remaining, setRemaining] = useState(() => targetMs - serverNow(clock))
  const reached = useRef(onReached)

  useEffect(() => {
    reached.current = onReached
  })

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = () => {
      const left = targetMs - serverNow(clock)
      setRemaining(left)
      if (left <= 0) {
        reached.current()
        return
      }
      // Wake as the shown second changes, so the display never skips or repeats one.
      timer = setTimeout(tick, left % 1000 || 1000)
    }
    tick()
    return () => clearTimeout(timer)
  }, [targetMs, clock])

  return Math.max(0, remaining)
}
