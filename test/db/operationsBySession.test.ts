import { expect, it } from 'vitest'
import { migrate } from '../../scripts/db/migrate.ts'
import { useDatabaseBefore } from '../support/databaseBefore.ts'

// Upgrading a database made before records were keyed by session (migration 0015).
const db = useDatabaseBefore('0015')

it('keys every existing record by its session, keeps the current one of a duplicated session, and keys the unknown by booking', async () => {
  const session = crypto.randomUUID()
  await db.sql`
    insert into sessions (id, booking_id, booking_status, start_time, end_time, state, room_name)
    values (${session}, 'bk-new', 'Created', '2030-01-01T10:00:00Z', '2030-01-01T10:30:00Z', '{}'::jsonb, ${`presence-${session}`})`
  await db.sql`insert into booking_aliases (booking_id, session_id) values ('bk-old', ${session}), ('bk-new', ${session})`
  for (const bookingId of ['bk-new', 'bk-old', 'bk-unknown']) {
    await db.sql`
      insert into presence_operations (booking_id, booking_status, room_status, session_start, session_end)
      values (${bookingId}, 'Created', 'Not Created', '2030-01-01T10:00:00Z', '2030-01-01T10:30:00Z')`
  }

  expect(await migrate(db.sql)).toEqual(expect.arrayContaining(['0015_operations_by_session.sql']))

  const rows = await db.sql<{ sessionId: string; bookingId: string }[]>`
    select session_id as "sessionId", booking_id as "bookingId" from presence_operations order by booking_id`
  expect(rows).toEqual([
    { sessionId: session, bookingId: 'bk-new' },
    { sessionId: 'booking:bk-unknown', bookingId: 'bk-unknown' },
  ])
})
