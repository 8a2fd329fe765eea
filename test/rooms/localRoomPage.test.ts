import { createHash } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { createLocalRoomPageHandler } from '../../supabase/functions/_shared/rooms/local/localRoomPage.ts'
import { ROOM_PAGE_SCRIPT } from '../../supabase/functions/_shared/rooms/local/roomPageHtml.ts'
import { createLocalRoomProvider } from '../../supabase/functions/_shared/rooms/local/localRooms.ts'
import type { MeetingTokenRequest } from '../../supabase/functions/_shared/rooms/roomProvider.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()

const KEY = 'local-page-test-key'
const BASE = 'http://127.0.0.1:54321/local-daily'
const OPENS = new Date('2030-01-01T09:45:00Z')
const CLOSES = new Date('2030-01-01T10:45:00Z')
const DURING = new Date('2030-01-01T10:00:00Z')

let clock = DURING
const rooms = () => createLocalRoomProvider({ sql: db.sql, baseUrl: BASE, signingKey: KEY, now: () => clock })
const page = () => createLocalRoomPageHandler({ sql: db.sql, signingKey: KEY, appUrl: 'http://127.0.0.1:5173', now: () => clock })

const host: MeetingTokenRequest = { roomName: 'presence-p1', userName: 'Jane Host', userId: 'host-1', isOwner: true, nbf: OPENS, exp: CLOSES }
const member: MeetingTokenRequest = { ...host, userName: 'Max Member', userId: 'member-1', isOwner: false }

async function visit(path: string, token?: string, method = 'GET') {
  const url = new URL(`http://127.0.0.1:54321${path}`)
  if (token !== undefined) url.searchParams.set('t', token)
  const response = await page()(new Request(url, { method }))
  const html = await response.text()
  const state = /data-state="([a-z_]+)"/.exec(html)?.[1]
  return { response, html, state }
}

beforeEach(async () => {
  await db.reset()
  clock = DURING
  await rooms().ensureRoom({ name: 'presence-p1', nbf: OPENS, exp: CLOSES })
})

describe('local room page', () => {
  it('200: an open room shows its name and who the host is', async () => {
    const { response, html, state } = await visit('/local-daily/presence-p1', await rooms().createMeetingToken(host))
    expect(response.status).toBe(200)
    expect(state).toBe('open')
    expect(html).toContain('You are in room presence-p1')
    expect(html).toContain('Joined as Jane Host (host, room owner)')
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer')
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
  })

  it('200: a member is shown as a member; a trailing slash is fine', async () => {
    const { response, html } = await visit('/local-daily/presence-p1/', await rooms().createMeetingToken(member))
    expect(response.status).toBe(200)
    expect(html).toContain('Joined as Max Member (member)')
  })

  it('escapes everything it prints from the token', async () => {
    const token = await rooms().createMeetingToken({ ...member, userName: `<script>alert("x")</script>&'` })
    const { response, html } = await visit('/local-daily/presence-p1', token)
    expect(response.status).toBe(200)
    expect(html).not.toContain('<script>alert')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;')
  })

  it('an open room behaves like a call frame: a Leave button and one inline script that reports joining and leaving', async () => {
    const { html } = await visit('/local-daily/presence-p1', await rooms().createMeetingToken(member))
    expect(html).toContain('<button type="button" id="leave">Leave</button>')
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1])
    expect(scripts).toEqual([ROOM_PAGE_SCRIPT])
    expect(ROOM_PAGE_SCRIPT).toContain("postMessage({ source: 'presence-local-room', event }, '*')")
    expect(ROOM_PAGE_SCRIPT).toContain("notify('joined-meeting')")
    expect(ROOM_PAGE_SCRIPT).toContain("notify('left-meeting')")
  })

  it('its CSP allows exactly that script, by hash, and nothing else', async () => {
    const { response } = await visit('/local-daily/presence-p1', await rooms().createMeetingToken(member))
    const csp = response.headers.get('Content-Security-Policy')!
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
    const hash = createHash('sha256').update(ROOM_PAGE_SCRIPT).digest('base64')
    expect(directives['script-src']).toEqual([`'sha256-${hash}'`])
    expect(directives['default-src']).toEqual(["'none'"])
    expect(csp).not.toContain('unsafe-eval')
    expect(csp.match(/unsafe-inline/g)).toHaveLength(1) // styles only
    expect(directives['style-src']).toEqual(["'unsafe-inline'"])
    // Only the SPA may embed a room page.
    expect(directives['frame-ancestors']).toEqual(['http://127.0.0.1:5173'])
  })

  it('pages that are not an open room have no script and no Leave button', async () => {
    for (const [path, token] of [
      ['/local-daily/presence-p1', undefined],
      ['/local-daily/presence-p1', 'not-a-token'],
      ['/local-daily/presence-nope', await rooms().createMeetingToken(host)],
    ] as const) {
      const { html, state } = await visit(path, token)
      expect(state).not.toBe('open')
      expect(html).not.toContain('<script')
      expect(html).not.toContain('id="leave"')
    }
  })

  it('404: an unknown room, whatever the token', async () => {
    const { response, state, html } = await visit('/local-daily/presence-nope', await rooms().createMeetingToken(host))
    expect([response.status, state]).toEqual([404, 'unknown_room'])
    expect(html).toContain('There is no room named presence-nope.')
  })

  it('404: a name that breaks the rule is unknown, and printed escaped', async () => {
    const { response, state, html } = await visit('/local-daily/%3Cb%3Ehi%3C%2Fb%3E')
    expect([response.status, state]).toEqual([404, 'unknown_room'])
    expect(html).toContain('&lt;b&gt;hi&lt;/b&gt;')
    expect(html).not.toContain('<b>hi')
  })

  it('404: a deleted room says so', async () => {
    const token = await rooms().createMeetingToken(host)
    await rooms().deleteRoom('presence-p1')
    const { response, state, html } = await visit('/local-daily/presence-p1', token)
    expect([response.status, state]).toEqual([404, 'deleted'])
    expect(html).toContain('This room has been deleted')
  })

  it('403: no token', async () => {
    const { response, state } = await visit('/local-daily/presence-p1')
    expect([response.status, state]).toEqual([403, 'token_missing'])
  })

  it('403: a token that is garbage, signed with another key, or unsigned (alg none)', async () => {
    const forged = await signJwtHs256({ r: 'presence-p1', d: 'local', o: true, u: 'Eve', ud: 'x', iat: 1, exp: 1e10 }, 'other-key')
    const [, payload] = forged.split('.')
    for (const token of ['not-a-token', forged, `eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.${payload}.`]) {
      const { response, state } = await visit('/local-daily/presence-p1', token)
      expect([response.status, state]).toEqual([403, 'token_invalid'])
    }
  })

  it('403: a well-signed token without the claims a meeting token has', async () => {
    const token = await signJwtHs256({ r: 'presence-p1', exp: 1e10 }, KEY)
    const { response, state } = await visit('/local-daily/presence-p1', token)
    expect([response.status, state]).toEqual([403, 'token_invalid'])
  })

  it('403: a token for another room', async () => {
    await rooms().ensureRoom({ name: 'presence-p2', nbf: OPENS, exp: CLOSES })
    const { response, state, html } = await visit('/local-daily/presence-p2', await rooms().createMeetingToken(host))
    expect([response.status, state]).toEqual([403, 'token_other_room'])
    expect(html).toContain('This join link is for another room')
  })

  it('403: a token that expired while the room is still open', async () => {
    const token = await rooms().createMeetingToken({ ...member, exp: new Date('2030-01-01T09:55:00Z') })
    const { response, state } = await visit('/local-daily/presence-p1', token)
    expect([response.status, state]).toEqual([403, 'token_expired'])
  })

  it('423: before nbf the room is not open yet, and says when it opens', async () => {
    const token = await rooms().createMeetingToken(host)
    clock = new Date('2030-01-01T09:00:00Z')
    const { response, state, html } = await visit('/local-daily/presence-p1', token)
    expect([response.status, state]).toEqual([423, 'not_open_yet'])
    expect(html).toContain('opens at 2030-01-01 09:45 UTC')
  })

  it("423: the room is open but this token's nbf is later", async () => {
    const token = await rooms().createMeetingToken({ ...member, nbf: new Date('2030-01-01T10:15:00Z') })
    const { response, state, html } = await visit('/local-daily/presence-p1', token)
    expect([response.status, state]).toEqual([423, 'not_open_yet'])
    expect(html).toContain('opens at 2030-01-01 10:15 UTC')
  })

  it('423: at and after exp the room has closed (rather than "your link expired")', async () => {
    const token = await rooms().createMeetingToken(host)
    clock = CLOSES
    const { response, state, html } = await visit('/local-daily/presence-p1', token)
    expect([response.status, state]).toEqual([423, 'closed'])
    expect(html).toContain('closed at 2030-01-01 10:45 UTC')
  })

  it('follows a reschedule: the room opens at its new time', async () => {
    const token = await rooms().createMeetingToken({ ...host, nbf: undefined, exp: new Date('2030-01-02T10:45:00Z') })
    await rooms().ensureRoom({ name: 'presence-p1', nbf: new Date('2030-01-02T09:45:00Z'), exp: new Date('2030-01-02T10:45:00Z') })
    expect((await visit('/local-daily/presence-p1', token)).state).toBe('not_open_yet')
    clock = new Date('2030-01-02T10:00:00Z')
    expect((await visit('/local-daily/presence-p1', token)).state).toBe('open')
  })

  it('HEAD answers the same status without a body; other methods are 405', async () => {
    const head = await visit('/local-daily/presence-p1', await rooms().createMeetingToken(host), 'HEAD')
    expect([head.response.status, head.html]).toEqual([200, ''])
    const post = await visit('/local-daily/presence-p1', undefined, 'POST')
    expect(post.response.status).toBe(405)
    expect(post.response.headers.get('Allow')).toBe('GET, HEAD')
  })
})
