import { beforeEach, expect, it } from 'vitest'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createSchedulerTick } from '../../supabase/functions/_shared/scheduler/schedulerTick.ts'
import { createSessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { createSchedulerHandler } from '../../supabase/functions/scheduler/handler.ts'
import { useTestDatabase } from '../support/database.ts'
import { insertSession, MINUTE, seedPeople } from './support.ts'

const db = useTestDatabase()
const KEY = 'scheduler-service-key'
let handler: ReturnType<typeof createSchedulerHandler>

beforeEach(async () => {
  await db.reset()
  const tick = createSchedulerTick({ sql: db.sql, sessions: createSessionRepository(db.sql), outbox: createOutbox(db.sql), wake: () => {} })
  handler = createSchedulerHandler({ serviceRoleKey: KEY, tick, log: silentLogger })
})

const call = (init: RequestInit) => handler(new Request('http://localhost/functions/v1/scheduler', init))
const jobs = async () => (await db.sql<{ count: number }[]>`select count(*)::int as count from outbox_jobs`)[0]!.count

it('runs a tick for the service key and answers what it queued', async () => {
  const people = await seedPeople(db.sql)
  await insertSession(db.sql, people, { start: new Date(Date.now() + 10 * MINUTE) })
  const response = await call({ method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{}' })
  expect(response.status).toBe(200)
  expect(await response.json()).toEqual({ queued: { rooms: 1, reminders: 2, inactivity: 0, reconciles: 0 } })
  // pg_net may post no body at all.
  const again = await call({ method: 'POST', headers: { authorization: `Bearer ${KEY}` } })
  expect(await again.json()).toEqual({ queued: { rooms: 1, reminders: 0, inactivity: 0, reconciles: 0 } })
})

it('refuses without the key, other methods and parameters, and queues nothing', async () => {
  const people = await seedPeople(db.sql)
  await insertSession(db.sql, people, { start: new Date(Date.now() + 10 * MINUTE) })
  expect((await call({ method: 'POST', body: '{}' })).status).toBe(401)
  expect((await call({ method: 'POST', headers: { authorization: 'Bearer wrong' }, body: '{}' })).status).toBe(401)
  expect((await call({ method: 'GET', headers: { authorization: `Bearer ${KEY}` } })).status).toBe(405)
  const withParams = await call({ method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{"sweep": true}' })
  expect(withParams.status).toBe(400)
  expect((await withParams.json()).message).toMatch(/no parameters/)
  expect((await call({ method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: 'not json' })).status).toBe(400)
  expect(await jobs()).toBe(0)
})
