import { beforeEach, expect, it } from 'vitest'
import { sessionViewSchema } from '../../shared/api/session.ts'
import { parseCalcomDelivery } from '../../shared/calcom/payload.ts'
import { signSessionToken } from '../../shared/links/sessionLinks.ts'
import { applyBookingEvent } from '../../shared/sessions/applyBookingEvent.ts'
import { NO_LINKS } from '../../shared/sessions/bookingState.ts'
import { DEFAULT_TEMPLATES } from '../../scripts/db/seed.ts'
import { createLocalRoomProvider } from '../../supabase/functions/_shared/rooms/local/localRooms.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createSessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createSessionHandler } from '../../supabase/functions/session/handler.ts'
import { calcomEvents } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()
const SECRET = 'page-prompt-secret'
// The session: 15:30-16:00 UTC on 3 April 2027, when Sydney's clocks go back at 03:00.
const START = '2027-04-03T15:30:00.000Z'
const END = '2027-04-03T16:00:00.000Z'

beforeEach(async () => {
  await db.reset()
  await db.sql`insert into templates (name, body) values ('Pre-Session Reminder', ${DEFAULT_TEMPLATES['Pre-Session Reminder']!})`
})

it('the pre-session prompt names the start on the page’s clock, not the booking zone’s', async () => {
  const sessions = createSessionRepository(db.sql)
  const parsed = parseCalcomDelivery(calcomEvents.created({ uid: 'bk-dst', start: START, end: END }))
  if (parsed.kind !== 'event') throw new Error('not an event')
  // Booked from Sydney (the fixture's attendee zone).
  const { session } = await sessions.apply(['bk-dst'], (state) => applyBookingEvent(state, parsed.event, NO_LINKS))
  const handler = createSessionHandler({
    sessions,
    directory: createPostgresDirectory(db.sql),
    rooms: createLocalRoomProvider({ sql: db.sql, baseUrl: 'http://127.0.0.1:54321/local-daily', signingKey: 'k' }),
    linkSecret: SECRET,
    appUrl: 'http://127.0.0.1:5173',
    cancellationCutoffHours: 24,
    requestSync: () => {},
    log: silentLogger,
    now: () => new Date('2027-04-03T10:00:00Z'),
  })
  const token = await signSessionToken(SECRET, session.id, 'member')
  const viewIn = async (timeZone?: string) => {
    const query = new URLSearchParams({ bookingId: 'bk-dst', userType: 'member', token, ...(timeZone ? { timeZone } : {}) })
    const response = await handler(new Request(`http://localhost/functions/v1/session?${query}`))
    expect(response.status).toBe(200)
    return sessionViewSchema.parse(await response.json())
  }

  expect((await viewIn())!.prompts.preSession).toContain('starts at Sun, 4 Apr 2027, 2:30 am AEDT.')
  // A member reading in London sees the prompt on London's clock, like "When".
  expect((await viewIn('Europe/London')).prompts.preSession).toContain('starts at Sat, 3 Apr 2027, 4:30 pm GMT+1.')
  // A zone the server does not know is not trusted: the booking zone stands.
  expect((await viewIn('Mars/Olympus_Mons')).prompts.preSession).toContain('2:30 am AEDT')
})
