import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/db/embeddedPostgres.ts'
import { migrate } from '../../scripts/db/migrate.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'

// Upgrading a database made before records were keyed by session (migration 0015).
const MIGRATIONS = fileURLToPath(new URL('../../supabase/migrations/', import.meta.url))
let db: EmbeddedPostgres
let sql: Sql
let before: string

beforeAll(async () => {
  db = await startEmbeddedPostgres({ port: 0 })
  sql = connectDatabase(db.url)
  before = mkdtempSync(join(tmpdir(), 'presence-migrations-'))
  for (const name of readdirSync(MIGRATIONS).filter((file) => file < '0015')) cpSync(join(MIGRATIONS, name), join(before, name))
  await migrate(sql, before)
})

afterAll(async () => {
  await sql?.end()
  await db?.stop()
  rmSync(before, { recursive: true, force: true })
})

it('keys every existing record by its session, keeps the current one of a duplicated session, and keys the unknown by booking', async () => {
  const session = crypto.randomUUID()
  await sql`
    insert into sessions (id, booking_id, booking_status, start_time, end_time, state, room_name)
    values (${session}, 'bk-new', 'Created', '2030-01-01T10:00:00Z', '2030-01-01T10:30:00Z', '{}'::jsonb, ${`presence-${session}`})`
  await sql`insert into booking_aliases (booking_id, session_id) values ('bk-old', ${session}), ('bk-new', ${session})`
  for (const bookingId of ['bk-new', 'bk-old', 'bk-unknown']) {
    await sql`
      insert into presence_operations (booking_id, booking_status, room_status, session_start, session_end)
      values (${bookingId}, 'Created', 'Not Created', '2030-01-01T10:00:00Z', '2030-01-01T10:30:00Z')`
  }

  expect(await migrate(sql)).toEqual(expect.arrayContaining(['0015_operations_by_session.sql']))

  const rows = await sql<{ sessionId: string; bookingId: string }[]>`
    select session_id as "sessionId", booking_id as "bookingId" from presence_operations order by booking_id`
  expect(rows).toEqual([
    { sessionId: session, bookingId: 'bk-new' },
    { sessionId: 'booking:bk-unknown', bookingId: 'bk-unknown' },
  ])
})
