import type { StartCall } from './callFrame.ts'
import { startLocalCall } from './localCall.ts'

/** Embeds the call for `join.provider`. Daily's SDK is fetched only now, as its own chunk. */
export const startCall: StartCall = async (container, join, events) => {
  if (join.provider === 'local') return startLocalCall(container, join, events)
  const { startDailyCall } = await import('./dailyCall.ts')
  return startDailyCall(container, join, events)
}
