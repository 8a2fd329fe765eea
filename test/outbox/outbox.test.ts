import { beforeEach, describe, expect, it } from 'vitest'
import type { JobTable } from '../../supabase/functions/_shared/jobs/jobHandler.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createWorker } from '../../supabase/functions/_shared/worker/worker.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()
const never = { maxAttempts: 1, retryable: () => false, waitMs: () => 0 }

function workerWith(jobs: JobTable) {
  return createWorker({ inbox: createInbox(db.sql), outbox: createOutbox(db.sql), processors: {}, jobs, log: silentLogger, workerId: crypto.randomUUID() })
}

describe('the outbox', () => {
  beforeEach(() => db.reset())

  it('work asked for again while it runs runs once more, seeing the newer state; asked for while queued, once', async () => {
    const outbox = createOutbox(db.sql)
    const seen: unknown[] = []
    let state = 'v1'
    const worker = workerWith({
      sync: {
        retry: never,
        async run() {
          seen.push(state)
          if (seen.length === 1) {
            state = 'v2'
            await outbox.enqueue(db.sql, [{ kind: 'sync', key: 'sync:a', payload: {}, runs: 'latest' }])
          }
        },
      },
    })
    await outbox.enqueue(db.sql, [{ kind: 'sync', key: 'sync:a', payload: {}, runs: 'latest' }])
    await outbox.enqueue(db.sql, [{ kind: 'sync', key: 'sync:a', payload: {}, runs: 'latest' }])
    await worker.runUntilIdle()
    expect(seen).toEqual(['v1', 'v2'])
    expect(await outbox.getByKey('sync:a')).toMatchObject({ status: 'done' })
  })

  it('once-only work (a message) never runs twice for the same key, even when queued again after it ran', async () => {
    const outbox = createOutbox(db.sql)
    let sent = 0
    const worker = workerWith({ send: { retry: never, run: async () => void sent++ } })
    const job = { kind: 'send', key: 'send:reminder:s1', payload: {}, runs: 'once' as const }
    await outbox.enqueue(db.sql, [job, job])
    await worker.runUntilIdle()
    await outbox.enqueue(db.sql, [job])
    await worker.runUntilIdle()
    expect(sent).toBe(1)
  })

  it('a job of a kind no worker runs yet waits, untouched, until one that runs it comes', async () => {
    const outbox = createOutbox(db.sql)
    await outbox.enqueue(db.sql, [{ kind: 'payout.create', key: 'payout:1', payload: {}, runs: 'once' }])
    await workerWith({}).runUntilIdle()
    expect(await outbox.getByKey('payout:1')).toMatchObject({ status: 'pending', attempts: 0, lastError: null })
    let ran = 0
    await workerWith({ 'payout.create': { retry: never, run: async () => void ran++ } }).runUntilIdle()
    expect(ran).toBe(1)
    expect(await outbox.getByKey('payout:1')).toMatchObject({ status: 'done' })
  })

  it('an operator retry of a failed job gives it a fresh set of attempts and runs it now', async () => {
    const outbox = createOutbox(db.sql)
    let fixed = false
    const worker = workerWith({
      flaky: {
        retry: never,
        async run() {
          if (!fixed) throw new Error('bad credentials')
        },
      },
    })
    await outbox.enqueue(db.sql, [{ kind: 'flaky', key: 'flaky:1', payload: {}, runs: 'once' }])
    await worker.runUntilIdle()
    const [failed] = await outbox.list({ status: 'failed' })
    expect(failed).toMatchObject({ attempts: 1, lastError: 'bad credentials' })

    fixed = true
    await outbox.retry({ failed: true })
    await worker.runUntilIdle()
    expect(await outbox.get(failed!.id)).toMatchObject({ status: 'done', attempts: 0, lastError: null })
  })

  it('a worker with its time for taking work used up leaves what is due for the next run', async () => {
    const outbox = createOutbox(db.sql)
    let runs = 0
    const worker = workerWith({ send: { retry: never, run: async () => void runs++ } })
    await outbox.enqueue(db.sql, [{ kind: 'send', key: 'send:later', payload: {}, runs: 'once' }])
    expect(await worker.runUntilIdle({ claimForMs: 0 })).toEqual({ deliveries: 0, jobs: 0 })
    expect(await outbox.getByKey('send:later')).toMatchObject({ status: 'pending' })
    await worker.runUntilIdle()
    expect(runs).toBe(1)
  })
})
