import type { StartCall } from './callFrame.ts'
import { startDailyCall } from './dailyCall.ts'
import { startLocalCall } from './localCall.ts'

/** Embeds the call for `join.provider`: Daily Prebuilt, or the local stand-in for it. */
export const startCall: StartCall = (container, join, events) =>
  join.provider === 'daily' ? startDailyCall(container, join, events) : startLocalCall(container, join, events)
