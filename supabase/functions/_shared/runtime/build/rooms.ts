import type { Config } from '../../../../../shared/config/loadConfig.ts'
import { defaultPolicy, type RetryPolicy } from '../../retry/retryPolicy.ts'
import { createDailyRoomProvider } from '../../rooms/daily/dailyRooms.ts'
import { DAILY_RETRY } from '../../rooms/daily/retryPolicy.ts'
import { createLocalRoomProvider } from '../../rooms/local/localRooms.ts'
import type { RoomProvider } from '../../rooms/roomProvider.ts'
import { memoised, type Runtime } from '../runtime.ts'

const LOCAL_ROOMS_RETRY = defaultPolicy({ maxAttempts: 10, baseMs: 1_000, maxMs: 60_000 })

/** Where the local room stand-in serves its pages: beside the functions, off the same server. */
function localRoomsUrl(config: Config): string {
  return `${new URL(config.functionsUrl).origin}/local-daily`
}

/** The key the local room stand-in signs meeting tokens with; never leaves the server. */
export function localRoomSigningKey(config: Config): string {
  return `local-daily:${config.linkSigningSecret}`
}

/** Video rooms: Daily.co when configured, else the local stand-in. */
export function roomsOf(rt: Runtime): { rooms: RoomProvider; retry: RetryPolicy } {
  return memoised(rt, 'rooms', () => {
    const daily = rt.config.daily
    return daily
      ? { rooms: createDailyRoomProvider({ apiKey: daily.apiKey, domain: daily.domain, apiUrl: daily.apiUrl, fetch: rt.fetch }), retry: DAILY_RETRY }
      : {
          rooms: createLocalRoomProvider({ sql: rt.sql, baseUrl: localRoomsUrl(rt.config), signingKey: localRoomSigningKey(rt.config) }),
          retry: LOCAL_ROOMS_RETRY,
        }
  })
}
