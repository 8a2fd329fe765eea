import type { Queryable, Sql } from '../db/connect.ts'
import { describeError } from '../errors.ts'
import { decideRetry, type RetryPolicy } from '../retry/retryPolicy.ts'

export const JOB_STATUSES = ['pending', 'done', 'failed'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

export interface Job {
  id: number
  kind: string
  idempotencyKey: string
  payload: Record<string, unknown>
  status: JobStatus
  attempts: number
  nextAttemptAt: Date
  lastError: string | null
  generation: number
  createdAt: Date
  updatedAt: Date
  doneAt: Date | null
}

/**
 * Work to queue. `latest` work (syncing a record or a room to the session's current state) may
 * run again whenever it is asked for again; `once` work (a message, a payout) runs once per key, ever.
 */
export interface JobRequest {
  kind: string
  key: string
  payload: Record<string, unknown>
  runs: 'latest' | 'once'
  /** `once` work that must not start before this (a paced broadcast's later messages); due now otherwise. */
  notBefore?: Date
}

const columns = (sql: Queryable) => sql`
  id::int as id, kind, idempotency_key as "idempotencyKey", payload, status, attempts, next_attempt_at as "nextAttemptAt",
  last_error as "lastError", generation, created_at as "createdAt", updated_at as "updatedAt", done_at as "doneAt"`

/**
 * The outbox: every outgoing call as a job row with an idempotency key, attempts, backoff and a
 * lease. Jobs are queued in the same transaction as the state change that needs them, and run
 * by the worker; a job's status is written only here.
 */
export function createOutbox(sql: Sql) {
  return {
    /**
     * Queues jobs on `db` (pass a transaction to queue with the change that needs them). Asking
     * again for `latest` work re-arms it: a done or failed job becomes pending with fresh
     * attempts, a pending one keeps its backoff (unless `due: 'now'`: someone is waiting for
     * it), and a running one runs once more after it ends.
     */
    async enqueue(db: Queryable, jobs: JobRequest[], options: { due?: 'now' } = {}): Promise<void> {
      const now = options.due === 'now'
      for (const runs of ['latest', 'once'] as const) {
        const group = jobs.filter((job) => job.runs === runs)
        if (group.length === 0) continue
        const rows = group.map((job) => ({ kind: job.kind, idempotency_key: job.key, payload: JSON.stringify(job.payload) }))
        if (runs === 'once') {
          const notBefore = group.map((job) => job.notBefore?.toISOString() ?? null)
          await db`
            insert into outbox_jobs (kind, idempotency_key, payload, status, next_attempt_at)
            select kind, key, payload::jsonb, 'pending', coalesce(not_before, now()) from unnest(${rows.map((r) => r.kind)}::text[],
              ${rows.map((r) => r.idempotency_key)}::text[], ${rows.map((r) => r.payload)}::text[], ${notBefore}::timestamptz[]) as t (kind, key, payload, not_before)
            on conflict (idempotency_key) do nothing`
          continue
        }
        await db`
          insert into outbox_jobs as j (kind, idempotency_key, payload, status)
          select kind, key, payload::jsonb, 'pending' from unnest(${rows.map((r) => r.kind)}::text[],
            ${rows.map((r) => r.idempotency_key)}::text[], ${rows.map((r) => r.payload)}::text[]) as t (kind, key, payload)
          on conflict (idempotency_key) do update set
            payload = excluded.payload,
            generation = j.generation + 1,
            attempts = case when j.status = 'pending' then j.attempts else 0 end,
            next_attempt_at = case when j.status = 'pending' and not ${now} then j.next_attempt_at else now() end,
            status = 'pending',
            updated_at = now()`
      }
    },

    /**
     * Due jobs of the given kinds, oldest first, leased to `owner`; `key` narrows it to one job
     * (run it now). Kinds no worker runs yet (messages queued before their sender ships) stay
     * pending, visible to `presence jobs list`, instead of failing.
     */
    async claimDue(owner: string, limit: number, leaseMs: number, kinds: readonly string[], key?: string): Promise<Job[]> {
      return sql<Job[]>`
        update outbox_jobs set lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000})
        where id in (
          select id from outbox_jobs
          where status = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
            and kind = any(${kinds as string[]}::text[])
            and (${key ?? null}::text is null or idempotency_key = ${key ?? null})
          order by next_attempt_at, id limit ${limit} for update skip locked)
        returning ${columns(sql)}`
    },

    async extendLeases(owner: string, ids: number[], leaseMs: number): Promise<void> {
      if (ids.length === 0) return
      await sql`
        update outbox_jobs set lease_until = now() + make_interval(secs => ${leaseMs / 1000})
        where lease_owner = ${owner} and id = any(${ids}::bigint[])`
    },

    /** Done, unless the same work was asked for again while it ran: then it runs once more. */
    async complete(job: Job, owner: string): Promise<void> {
      await sql`
        update outbox_jobs set
          status = case when generation = ${job.generation} then 'done' else 'pending' end,
          done_at = case when generation = ${job.generation} then now() else done_at end,
          attempts = 0, last_error = null, next_attempt_at = now(), lease_owner = null, lease_until = null, updated_at = now()
        where id = ${job.id} and lease_owner = ${owner}`
    },

    /** Counts a failed attempt; a retryable error comes back after the policy's wait, the rest wait for an operator. */
    async fail(job: Job, owner: string, error: unknown, policy: RetryPolicy): Promise<JobStatus> {
      const decision = decideRetry(policy, error, job.attempts + 1)
      // Newer state arrived meanwhile: it may not hit the same problem, so it gets its own run.
      const status: JobStatus = decision.retry ? 'pending' : 'failed'
      const delaySeconds = decision.retry ? decision.delayMs / 1000 : 0
      const message = decision.retry || decision.reason === 'permanent' ? describeError(error) : `${describeError(error)} (out of attempts)`
      const [row] = await sql<{ status: JobStatus }[]>`
        update outbox_jobs set
          attempts = attempts + 1, last_error = ${message},
          status = case when ${status} = 'failed' and generation <> ${job.generation} then 'pending' else ${status} end,
          next_attempt_at = now() + make_interval(secs => ${delaySeconds}),
          lease_owner = null, lease_until = null, updated_at = now()
        where id = ${job.id} and lease_owner = ${owner}
        returning status`
      return row?.status ?? status
    },

    async get(id: number): Promise<Job | null> {
      const [row] = await sql<Job[]>`select ${columns(sql)} from outbox_jobs where id = ${id}`
      return row ?? null
    },

    async getByKey(key: string): Promise<Job | null> {
      const [row] = await sql<Job[]>`select ${columns(sql)} from outbox_jobs where idempotency_key = ${key}`
      return row ?? null
    },

    async list(filter: { status?: JobStatus; limit?: number } = {}): Promise<Job[]> {
      return sql<Job[]>`
        select ${columns(sql)} from outbox_jobs where (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
        order by updated_at desc, id desc limit ${filter.limit ?? 50}`
    },

    /** Operator retry: failed jobs (or the given ones) run again now with a fresh set of attempts. */
    async retry(target: { ids: number[] } | { failed: true }): Promise<number[]> {
      const rows = await sql<{ id: number }[]>`
        update outbox_jobs set status = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now()
        where ${'ids' in target ? sql`id = any(${target.ids}::bigint[]) and status in ('failed', 'pending')` : sql`status = 'failed'`}
        returning id::int as id`
      return rows.map((row) => row.id)
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>
