import { beforeEach, describe, expect, it } from 'vitest'
import { errorBodySchema } from '../../shared/api/errorBody.ts'
import { sessionViewSchema } from '../../shared/api/session.ts'
import { parseCalcomDelivery } from '../../shared/calcom/payload.ts'
import { signSessionToken } from '../../shared/links/sessionLinks.ts'
import { applyBookingEvent } from '../../shared/sessions/applyBookingEvent.ts'
import { NO_LINKS } from '../../shared/sessions/bookingState.ts'
import type { Role } from '../../shared/sessions/sessionView.ts'
import { createLocalRoomProvider } from '../../supabase/functions/_shared/rooms/local/localRooms.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createSessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createSessionHandler } from '../../supabase/functions/session/handler.ts'
import { calcomEvents } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()
const SECRET = 'test-link-secret'
const NOW = new Date('2030-05-01T09:00:00Z')
const startingIn = (minutes: number) => ({
  start: new Date(NOW.getTime() + minutes * 60_000).toISOString(),
  end: new Date(NOW.getTime() + (minutes + 30) * 60_000).toISOString(),
})

describe('the host likes the member from the session page', () => {
  const sessions = () => createSessionRepository(db.sql)
  let syncs: string[]
  let handler: ReturnType<typeof createSessionHandler>

  beforeEach(async () => {
    await db.reset()
    syncs = []
    handler = createSessionHandler({
      sessions: sessions(),
      directory: createPostgresDirectory(db.sql),
      rooms: createLocalRoomProvider({ sql: db.sql, baseUrl: 'http://127.0.0.1:54321/local-daily', signingKey: 'test-room-key' }),
      linkSecret: SECRET,
      appUrl: 'http://127.0.0.1:5173',
      cancellationCutoffHours: 24,
      requestSync: (id) => syncs.push(id),
      log: silentLogger,
      now: () => NOW,
    })
  })

  async function book(uid: string, times: { start: string; end: string }) {
    const parsed = parseCalcomDelivery(calcomEvents.created({ uid, ...times }))
    if (parsed.kind !== 'event') throw new Error('not a booking event')
    const event = parsed.event
    return (await sessions().apply([uid], (state) => applyBookingEvent(state, event, NO_LINKS))).session
  }
  async function like(session: { id: string; bookingId: string }, role: Role, liked = true) {
    const token = await signSessionToken(SECRET, session.id, role)
    return handler(new Request('http://localhost/functions/v1/session', { method: 'POST', body: JSON.stringify({ bookingId: session.bookingId, userType: role, token, action: 'like', liked }) }))
  }
  const liked = async (response: Response) => {
    expect(response.status, await response.clone().text()).toBe(200)
    return sessionViewSchema.parse(await response.json()).likedMember
  }
  const row = async (id: string) => (await db.sql`select host_liked_at, host_like_dismissed_at, state_version from sessions where id = ${id}`)[0]

  it('after the call: liked once (again changes nothing), taken back with liked:false; the member sees it on their view too', async () => {
    const session = await book('bk-held', startingIn(-40))
    expect(await liked(await like(session, 'host'))).toBe(true)
    const first = await row(session.id)
    expect(await liked(await like(session, 'host'))).toBe(true)
    expect(await row(session.id)).toEqual(first)
    expect(syncs).toEqual([session.id])

    const memberToken = await signSessionToken(SECRET, session.id, 'member')
    const memberView = await handler(new Request(`http://localhost/functions/v1/session?${new URLSearchParams({ bookingId: 'bk-held', userType: 'member', token: memberToken })}`))
    expect(sessionViewSchema.parse(await memberView.json()).likedMember).toBe(true)

    expect(await liked(await like(session, 'host', false))).toBe(false)
    expect(await row(session.id)).toMatchObject({ host_liked_at: null })
    expect(syncs).toEqual([session.id, session.id])
  })

  it("refuses a member's link (403) and a session not held yet (409), writing nothing", async () => {
    const held = await book('bk-held', startingIn(-40))
    const soon = await book('bk-soon', startingIn(60))
    const before = [await row(held.id), await row(soon.id)]
    const refusals = [await like(held, 'member'), await like(soon, 'host')]
    expect(await Promise.all(refusals.map(async (r) => [r.status, errorBodySchema.parse(await r.json()).error]))).toEqual([
      [403, 'not_the_host'],
      [409, 'not_joinable'],
    ])
    expect([await row(held.id), await row(soon.id)]).toEqual(before)
    expect(syncs).toEqual([])
  })
})
