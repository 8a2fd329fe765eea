import { beforeEach, describe, expect, it } from 'vitest'
import { listJobs } from '../../scripts/cli/jobsList.ts'
import { retryJobs } from '../../scripts/cli/jobsRetry.ts'
import { runCli } from '../../scripts/cli/run.ts'
import { formatTime } from '../../scripts/cli/text.ts'
import type { Job } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { createPostgresOperationsStore } from '../../supabase/functions/_shared/store/postgres/operationsStore.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, type TestPipeline } from '../support/pipeline.ts'
import { bookingCreated, deliver, refusingStore } from './calcomDeliveries.ts'
import { captureIo } from './support.ts'

const db = useTestDatabase()
let pipeline: TestPipeline

beforeEach(async () => {
  await db.reset()
  pipeline = createTestPipeline(db)
})

async function cli(argv: string[]) {
  const io = captureIo()
  const code = await runCli(argv, { ...io, env: { DATABASE_URL: db.url }, fetch })
  return { code, out: io.out, err: io.err() }
}

/** A booking whose record sync Airtable refused for good (a token without write access): its job waits for an operator. */
async function refusedRecordSync(uid: string): Promise<Job> {
  await deliver(createTestPipeline(db, { store: refusingStore(createPostgresOperationsStore(db.sql)) }), bookingCreated(uid))
  const [failed, ...others] = await pipeline.outbox.list({ status: 'failed' })
  expect(others).toEqual([])
  return failed!
}

/** Work of a kind this worker has no handler for, queued as a later issue's code would queue it. */
async function queueUnknownJob(key: string): Promise<number> {
  const [row] = await db.sql<{ id: number }[]>`
    insert into outbox_jobs (kind, idempotency_key, payload, status) values ('sms.send', ${key}, '{}', 'pending') returning id::int as id`
  return row!.id
}

describe('jobs list', () => {
  it('--failed lists the failed job with its key, attempts and error, and nothing else', async () => {
    const failed = await refusedRecordSync('record-refused')

    const { code, out } = await cli(['jobs', 'list', '--failed'])

    expect(code).toBe(0)
    const [header, rule, ...rows] = out
    expect(header).toMatch(/^ID\s+KIND\s+KEY\s+STATUS\s+ATTEMPTS\s+NEXT ATTEMPT \(UTC\)\s+LAST ERROR$/)
    expect(rule).toMatch(/^-+ +-+/)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatch(new RegExp(`^${failed.id}\\s+record\\.sync\\s+${failed.idempotencyKey}\\s+failed\\s+1\\s+-\\s+airtable: INVALID_PERMISSIONS`))
  })

  it('lists every job, newest first, with the next attempt of a pending one, and as JSON', async () => {
    await deliver(pipeline, bookingCreated('all-fine'))
    const queued = await queueUnknownJob('sms.send:reminder-1')

    const { out } = await cli(['jobs', 'list'])
    const rows = out.slice(2)
    expect(rows).toHaveLength(3)
    const pending = (await pipeline.outbox.get(queued))!
    expect(rows[0]).toMatch(new RegExp(`^${queued}\\s+sms\\.send\\s+sms\\.send:reminder-1\\s+pending\\s+0\\s+${formatTime(pending.nextAttemptAt)}$`))
    expect(rows.slice(1).map((row) => row.split(/\s+/)[1]).sort()).toEqual(['record.sync', 'room.sync'])
    expect(rows.slice(1).every((row) => /\sdone\s+0\s+-$/.test(row))).toBe(true)

    const json = await cli(['jobs', 'list', '--status', 'pending', '--json'])
    expect(JSON.parse(json.out.join('\n'))).toMatchObject([{ id: queued, kind: 'sms.send', idempotencyKey: 'sms.send:reminder-1', status: 'pending' }])

    const limited = captureIo()
    await listJobs(pipeline.outbox, { limit: 1, json: false }, limited.print)
    expect(limited.out.at(-1)).toBe('(the newest 1; pass --limit N for more)')
  })

  it('escapes control characters in a key, and says when there is nothing to list', async () => {
    await queueUnknownJob('sms.send:\u001b[31mred')
    const { out } = await cli(['jobs', 'list'])
    expect(out.join('\n')).not.toContain('\u001b')
    expect(out.join('\n')).toContain('sms.send:\\u001b[31mred')

    expect((await cli(['jobs', 'list', '--failed'])).out).toEqual(['No failed jobs.'])
    await db.reset()
    expect((await cli(['jobs', 'list'])).out).toEqual(['No jobs queued yet.'])
  })
})

describe('jobs retry', () => {
  it('--failed runs the failed job again and reports it done; the record is written', async () => {
    const failed = await refusedRecordSync('record-fixed')
    const operations = createPostgresOperationsStore(db.sql)
    expect(await operations.findByBookingId('record-fixed')).toBeNull()

    const { code, out } = await cli(['jobs', 'retry', '--failed'])

    expect(code).toBe(0)
    expect(out).toEqual(['Retried 1 failed job: 1 done, 0 waiting to retry, 0 failed.'])
    expect(await pipeline.outbox.get(failed.id)).toMatchObject({ status: 'done', lastError: null })
    expect(await operations.findByBookingId('record-fixed')).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Active' })
  })

  it('leaves a job of a kind no worker runs yet pending, for its sender to come', async () => {
    const id = await queueUnknownJob('sms.send:reminder-2')
    await pipeline.worker.runUntilIdle()
    expect(await pipeline.outbox.get(id)).toMatchObject({ status: 'pending', attempts: 0 })
  })

  it('<id> reports a job that fails again with its error, and exits 1', async () => {
    const { id } = await refusedRecordSync('refused-again')
    const stillRefusing = createTestPipeline(db, { store: refusingStore(createPostgresOperationsStore(db.sql)) })

    const io = captureIo()
    expect(await retryJobs(stillRefusing, { id }, io)).toBe(1)

    const after = (await pipeline.outbox.get(id))!
    expect(after).toMatchObject({ status: 'failed', attempts: 1 })
    expect(io.out).toEqual([`Job ${id} (record.sync:${after.payload.sessionId}): failed: ${after.lastError}.`])
  })

  it('says when a retried job is waiting out a temporary failure', async () => {
    const failed = await refusedRecordSync('airtable-down')
    const outage = createTestPipeline(db, { store: refusingStore(createPostgresOperationsStore(db.sql), true) })

    const io = captureIo()
    expect(await retryJobs(outage, { failed: true }, io)).toBe(1)

    const after = (await pipeline.outbox.get(failed.id))!
    expect(after).toMatchObject({ status: 'pending', attempts: 1 })
    expect(io.out).toEqual([
      'Retried 1 failed job: 0 done, 1 waiting to retry, 0 failed.',
      `  Job ${failed.id} (${failed.idempotencyKey}): waiting to retry at ${formatTime(after.nextAttemptAt)}: airtable: HTTP 503 service unavailable.`,
    ])
  })

  it('leaves a done job alone, explains an unknown id, and has nothing to do without failed jobs', async () => {
    await deliver(pipeline, bookingCreated('all-done'))
    const [done] = await pipeline.outbox.list({ status: 'done' })

    const io = captureIo()
    expect(await retryJobs(pipeline, { id: done!.id }, io)).toBe(0)
    expect(io.out[0]).toBe(`Job ${done!.id} (${done!.idempotencyKey}): already done; nothing to do.`)
    expect(await retryJobs(pipeline, { id: 4242 }, io)).toBe(1)
    expect(io.out[1]).toContain('No job with id 4242')
    expect(await retryJobs(pipeline, { failed: true }, io)).toBe(0)
    expect(io.out[2]).toBe('No failed jobs to retry.')
  })
})
