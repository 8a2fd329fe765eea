import { fork, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createCalcomWebhookHandler } from '../../supabase/functions/calcom-webhook-handler/handler.ts'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { stopProcess } from '../../scripts/stack/denoProcess.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/db/embeddedPostgres.ts'
import { migrate } from '../../scripts/db/migrate.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { startWorkerProcess } from '../support/processes/workerProcess.ts'
import { askChild } from '../support/processes/askChild.ts'
import { eventually } from '../support/ports.ts'

// Worker processes as they run beside the stack: real Deno, one database, the Airtable adapter
// against a stand-in (in its own process) that enforces Airtable's 5 requests a second.
const SECRET = 'workers-test-secret'

interface StandInStats {
  requests: number
  rateLimited: number
  writes: { at: number; status: number; bookingIds: string[] }[]
  records: string[]
}

function startStandIn() {
  const child = fork(new URL('../support/processes/airtableStandInProcess.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const ask = <T>(message: object | null, type: string) => askChild<T>(child, message ?? undefined, type)
  return ask<{ url: string; apiKey: string; baseId: string }>(null, 'ready').then((ready) => ({
    ...ready,
    stats: () => ask<StandInStats>({ type: 'stats' }, 'stats'),
    failNext: (count: number, fault: 'hang' | 429) => ask({ type: 'fail', count, fault }, 'failing'),
    close: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.send({ type: 'close' }))),
  }))
}

describe('worker processes sharing one database', () => {
  let db: EmbeddedPostgres
  let sql: Sql
  let standIn: Awaited<ReturnType<typeof startStandIn>>
  const workers: { child: ChildProcess; port: number }[] = []

  beforeAll(async () => {
    db = await startEmbeddedPostgres({ port: 0 })
    sql = connectDatabase(db.url, { max: 4 })
    await migrate(sql)
  })

  afterAll(async () => {
    await Promise.all(workers.map(({ child }) => stopProcess(child)))
    await standIn?.close()
    await sql?.end({ timeout: 1 })
    await db?.stop()
  })

  beforeEach(async () => {
    await Promise.all(workers.splice(0).map(({ child }) => stopProcess(child)))
    await standIn?.close()
    standIn = await startStandIn()
    const tables = await sql<{ tablename: string }[]>`select tablename from pg_tables where schemaname = current_schema() and tablename <> 'schema_migrations'`
    await sql.unsafe(`truncate ${tables.map((t) => `"${t.tablename}"`).join(', ')} cascade`)
  })

  async function startWorker(): Promise<{ child: ChildProcess; port: number }> {
    const { child, port } = await startWorkerProcess(db.url, {
      AIRTABLE_API_KEY: standIn.apiKey,
      AIRTABLE_BASE_ID: standIn.baseId,
      AIRTABLE_API_URL: standIn.url,
    })
    const worker = { child, port }
    workers.push(worker)
    return worker
  }

  /** Records bookings the way the webhook function does, then wakes every worker. */
  async function book(count: number, prefix: string): Promise<string[]> {
    const handler = createCalcomWebhookHandler({ secret: SECRET, inbox: createInbox(sql), wake: () => {}, log: silentLogger })
    const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`)
    await Promise.all(
      ids.map(async (uid, i) => {
        const body = JSON.stringify(calcomEvents.created({ uid, ...sessionTimes(60 + i) }))
        const response = await handler(new Request('http://localhost/', { method: 'POST', headers: { 'x-cal-signature-256': await signCalcomBody(SECRET, body) }, body }))
        expect(response.status).toBe(200)
      }),
    )
    await Promise.all(workers.map(({ port }) => fetch(`http://127.0.0.1:${port}/wake`, { method: 'POST' }).then((r) => r.body?.cancel())))
    return ids
  }

  async function allWritten(ids: string[]) {
    return eventually(async () => {
      const stats = await standIn.stats()
      return ids.every((id) => stats.records.includes(id)) ? stats : undefined
    }, 120_000, 'every record in Airtable')
  }

  it('two workers never run the same job: each booking is written to Airtable once and gets one room', async () => {
    await Promise.all([startWorker(), startWorker()])
    const ids = await book(60, 'two')
    const stats = await allWritten(ids)
    await eventually(async () => (await sql`select 1 from outbox_jobs where status <> 'done'`).length === 0, 30_000, 'every job done')
    const writesPerBooking = new Map<string, number>()
    for (const write of stats.writes.filter((w) => w.status === 200)) for (const id of write.bookingIds) writesPerBooking.set(id, (writesPerBooking.get(id) ?? 0) + 1)
    expect(ids.filter((id) => writesPerBooking.get(id) !== 1)).toEqual([])
    expect((await sql`select count(*)::int as n from local_rooms`)[0]?.n).toBe(60)
  })

  it('three workers drain one burst at the base rate: no 429, no write over 10 records', async () => {
    await Promise.all([startWorker(), startWorker(), startWorker()])
    const ids = await book(300, 'three')
    const stats = await allWritten(ids)
    const writes = stats.writes
    expect(stats.rateLimited).toBe(0)
    expect(Math.max(...writes.map((w) => w.bookingIds.length))).toBeLessThanOrEqual(10)
    const seconds = (writes.at(-1)!.at - writes[0]!.at) / 1000
    console.log(`three workers: ${ids.length} records in ${writes.length} writes over ${seconds.toFixed(1)} s = ${(ids.length / seconds).toFixed(1)} records/s, ${stats.requests} Airtable requests, ${stats.rateLimited} × 429`)
  })

  it('a worker killed holding jobs frees them within 30 seconds, and another worker finishes them', async () => {
    const doomed = await startWorker()
    // Warm up (the host lookup is cached), then the next write to Airtable hangs, holding its jobs.
    await allWritten(await book(1, 'warm'))
    await standIn.failNext(1, 'hang')
    const ids = await book(5, 'killed')
    const held = await eventually(async () => {
      const rows = await sql<{ n: number }[]>`select count(*)::int as n from outbox_jobs where kind = 'record.sync' and lease_until > now()`
      return (rows[0]?.n ?? 0) > 0 ? rows[0]!.n : undefined
    }, 30_000, 'the worker to claim record jobs')
    expect(held).toBeGreaterThan(0)
    doomed.child.kill('SIGKILL')
    const [killedAt] = await sql<{ at: Date }[]>`select now() as at`
    const [leases] = await sql<{ latest: Date }[]>`select max(lease_until) as latest from outbox_jobs where lease_until is not null`
    expect(leases!.latest.getTime() - killedAt!.at.getTime()).toBeLessThanOrEqual(30_000)

    await startWorker()
    await allWritten(ids)
    // The records are written; the worker marks their jobs done as each write returns.
    await eventually(async () => (await sql`select 1 from outbox_jobs where status <> 'done'`).length === 0, 30_000, 'every job done')
  })
})
