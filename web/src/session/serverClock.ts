/**
 * The server's clock as seen from this browser. A countdown computed from `Date.now()` alone
 * would be wrong by however far the viewer's clock is off; the view carries `serverTime`, so
 * the page keeps the difference and counts against the server instead.
 */
export interface ServerClock {
  /** Server time minus browser time, in milliseconds. */
  offsetMs: number
}

export function clockFromServerTime(serverTime: string, receivedAt = Date.now()): ServerClock {
  const server = Date.parse(serverTime)
  return { offsetMs: Number.isNaN(server) ? 0 : server - receivedAt }
}

export function serverNow(clock: ServerClock): number {
  return Date.now() + clock.offsetMs
}
