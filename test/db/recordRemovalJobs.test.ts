import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/db/embeddedPostgres.ts'
import { migrate } from '../../scripts/db/migrate.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'

// Upgrading a database that still has `record.remove` jobs (before migration 0023 folded them into `record.sync`).
const MIGRATIONS = fileURLToPath(new URL('../../supabase/migrations/', import.meta.url))
let db: EmbeddedPostgres
let sql: Sql
let before: string

beforeAll(async () => {
  db = await startEmbeddedPostgres({ port: 0 })
  sql = connectDatabase(db.url)
  before = mkdtempSync(join(tmpdir(), 'presence-migrations-'))
  for (const name of readdirSync(MIGRATIONS).filter((file) => file < '0023')) cpSync(join(MIGRATIONS, name), join(before, name))
  await migrate(sql, before)
})

afterAll(async () => {
  await sql?.end()
  await db?.stop()
  rmSync(before, { recursive: true, force: true })
})

it('turns unfinished record removals into syncs of the same id (re-arming a sync already there), and drops finished ones', async () => {
  const [waiting, alsoSynced, finished] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()]
  await sql`
    insert into outbox_jobs (kind, idempotency_key, payload, status, attempts) values
      ('record.remove', ${`record.remove:${waiting}`}, ${sql.json({ sessionId: waiting })}, 'failed', 5),
      ('record.remove', ${`record.remove:${alsoSynced}`}, ${sql.json({ sessionId: alsoSynced })}, 'pending', 1),
      ('record.sync', ${`record.sync:${alsoSynced}`}, ${sql.json({ sessionId: alsoSynced })}, 'done', 0),
      ('record.remove', ${`record.remove:${finished}`}, ${sql.json({ sessionId: finished })}, 'done', 0)`

  expect(await migrate(sql)).toEqual(expect.arrayContaining(['0023_record_sync_removes.sql']))

  const jobs = await sql<{ kind: string; key: string; status: string; attempts: number }[]>`
    select kind, idempotency_key as key, status, attempts from outbox_jobs order by idempotency_key`
  expect(jobs).toEqual(
    [
      { kind: 'record.sync', key: `record.sync:${waiting}`, status: 'pending', attempts: 0 },
      { kind: 'record.sync', key: `record.sync:${alsoSynced}`, status: 'pending', attempts: 0 },
    ].sort((a, b) => (a.key < b.key ? -1 : 1)),
  )
})
