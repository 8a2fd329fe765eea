import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { calcomEvents, type BookingFixture } from './calcomEvents.ts'
import { eventually } from './ports.ts'

/**
 * A 30-minute booking `startsInMs` from now, as Cal.com posts it (signed BOOKING_CREATED) to a
 * running stack, for times the local booking page's hours would not offer; resolves once the
 * worker has made its session.
 */
export async function bookThroughWebhook(
  stack: { functionsUrl: string; sql: Sql },
  secret: string,
  startsInMs: number,
  fixture: Partial<BookingFixture> = {},
): Promise<{ uid: string; sessionId: string }> {
  const uid = fixture.uid ?? `browser-${randomUUID()}`
  const start = new Date(Date.now() + startsInMs)
  const end = new Date(start.getTime() + 30 * 60_000)
  const body = JSON.stringify(calcomEvents.created({ ...fixture, uid, start: start.toISOString(), end: end.toISOString() }))
  const response = await fetch(`${stack.functionsUrl}/calcom-webhook-handler`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cal-signature-256': await signCalcomBody(secret, body) },
    body,
  })
  expect(response.status).toBe(200)
  const sessionId = await eventually(async () => {
    const [row] = await stack.sql<{ id: string }[]>`select s.id from sessions s join booking_aliases a on a.session_id = s.id where a.booking_id = ${uid}`
    return row?.id
  }, 10_000, `session for ${uid}`)
  return { uid, sessionId }
}
