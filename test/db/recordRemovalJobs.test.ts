import { expect, it } from 'vitest'
import { migrate } from '../../scripts/db/migrate.ts'
import { useDatabaseBefore } from '../support/databaseBefore.ts'

// Upgrading a database that still has `record.remove` jobs (before migration 0023 folded them into `record.sync`).
const db = useDatabaseBefore('0023')

it('turns unfinished record removals into syncs of the same id (re-arming a sync already there), and drops finished ones', async () => {
  const [waiting, alsoSynced, finished] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()]
  await db.sql`
    insert into outbox_jobs (kind, idempotency_key, payload, status, attempts) values
      ('record.remove', ${`record.remove:${waiting}`}, ${db.sql.json({ sessionId: waiting })}, 'failed', 5),
      ('record.remove', ${`record.remove:${alsoSynced}`}, ${db.sql.json({ sessionId: alsoSynced })}, 'pending', 1),
      ('record.sync', ${`record.sync:${alsoSynced}`}, ${db.sql.json({ sessionId: alsoSynced })}, 'done', 0),
      ('record.remove', ${`record.remove:${finished}`}, ${db.sql.json({ sessionId: finished })}, 'done', 0)`

  expect(await migrate(db.sql)).toEqual(expect.arrayContaining(['0023_record_sync_removes.sql']))

  const jobs = await db.sql<{ kind: string; key: string; status: string; attempts: number }[]>`
    select kind, idempotency_key as key, status, attempts from outbox_jobs order by idempotency_key`
  expect(jobs).toEqual(
    [
      { kind: 'record.sync', key: `record.sync:${waiting}`, status: 'pending', attempts: 0 },
      { kind: 'record.sync', key: `record.sync:${alsoSynced}`, status: 'pending', attempts: 0 },
    ].sort((a, b) => (a.key < b.key ? -1 : 1)),
  )
})
