import type { Sql } from '../../db/connect.ts'
import { recordLocalPresence } from '../../attendance/local/localPresence.ts'
import { isValidRoomName } from '../daily/roomNames.ts'
import { findLocalRoom } from './localRoomsTable.ts'
import { renderRoomPage, roomPageScriptSource, roomPageStatus } from './roomPageHtml.ts'
import { roomPageState } from './roomPageState.ts'

export interface LocalRoomPageOptions {
  sql: Sql
  /** The key the local room provider signs tokens with. */
  signingKey: string
  /** The SPA's origin: the only page allowed to embed a room. */
  appUrl: string
  now?: () => Date
}

/** `/local-daily/{name}`, optionally with a trailing slash as Daily room URLs allow. */
const ROOM_PATH = /\/local-daily\/([^/]+)\/?$/

function headers(scriptSource: string, embedder: string): HeadersInit {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    // The token rides in the query string: keep it out of caches and other sites' logs.
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    // The page's own inline script, by hash, and no other script at all.
    // Only the SPA may frame it, as only Presence's own pages embed a Daily room.
    'Content-Security-Policy': `default-src 'none'; script-src ${scriptSource}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors ${embedder}`,
  }
}

/** Serves GET `/local-daily/{name}?t={token}`: the page a local room URL opens (Daily Prebuilt's stand-in). */
export function createLocalRoomPageHandler(options: LocalRoomPageOptions): (req: Request) => Promise<Response> {
  const { sql, signingKey, now = () => new Date() } = options
  const embedder = new URL(options.appUrl).origin

  return async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } })
    }
    const url = new URL(req.url)
    const name = roomNameOf(url.pathname)
    const room = name !== null && isValidRoomName(name) ? await findLocalRoom(sql, name) : null
    const state = await roomPageState(name ?? '', room, url.searchParams.get('t'), signingKey, now())
    if (state.kind === 'open' && req.method === 'GET') await recordLocalPresence(sql, state.claims)
    const body = req.method === 'HEAD' ? null : renderRoomPage(state)
    return new Response(body, { status: roomPageStatus(state), headers: headers(await roomPageScriptSource(), embedder) })
  }
}

function roomNameOf(pathname: string): string | null {
  const segment = ROOM_PATH.exec(pathname)?.[1]
  if (segment === undefined) return null
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
