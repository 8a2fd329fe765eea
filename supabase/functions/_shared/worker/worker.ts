import type { Delivery, DeliveryStatus, Inbox } from '../inbox/inbox.ts'
import type { ProcessorOutcome, ProcessorTable } from '../inbox/processor.ts'
import type { JobTable } from '../jobs/jobHandler.ts'
import type { Job, JobStatus, Outbox } from '../outbox/outbox.ts'
import { describeError } from '../errors.ts'
import type { Logger } from '../runtime/logger.ts'

export interface WorkerDeps {
  inbox: Inbox
  outbox: Outbox
  processors: ProcessorTable
  jobs: JobTable
  log: Logger
  /** Names this worker in leases. */
  workerId: string
  /**
   * Deliveries and jobs in flight at once. Enough to keep Airtable's 10-record batches full (a
   * request slot comes every ~200 ms), few enough not to flood a single-session database.
   */
  concurrency?: number
  /**
   * How long a claim holds without a heartbeat. A worker renews its claims every third of this
   * while it runs them, so only a worker that died loses them: they are free again within it.
   */
  leaseMs?: number
}

export const DEFAULT_LEASE_MS = 15_000
const DEFAULT_CONCURRENCY = 64

export interface DrainSummary {
  deliveries: number
  jobs: number
}

/**
 * The one worker loop for every provider and every kind of outgoing work: it claims due inbox
 * deliveries and hands each to its provider's processor, and claims due outbox jobs and runs
 * each through its kind's handler, recording every outcome. Any number of workers can share a
 * database: claims are leases taken with `for update skip locked`.
 */
export function createWorker(deps: WorkerDeps) {
  const concurrency = deps.concurrency ?? DEFAULT_CONCURRENCY
  const kinds = Object.keys(deps.jobs)
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS
  const owner = deps.workerId
  const runningDeliveries = new Set<number>()
  const runningJobs = new Set<number>()
  const settled = new Set<() => void>()
  let wakeUp: (() => void) | undefined
  const active = () => runningDeliveries.size + runningJobs.size

  function notifySettled() {
    for (const resolve of settled) resolve()
    settled.clear()
  }

  async function processDelivery(delivery: Delivery): Promise<DeliveryStatus> {
    const processor = deps.processors[delivery.provider]
    let outcome: ProcessorOutcome
    if (!processor) outcome = { outcome: 'ignored', reason: `no processor for ${delivery.provider} deliveries yet` }
    else {
      try {
        outcome = await processor.process(delivery)
      } catch (error) {
        outcome = { outcome: 'failed', error }
      }
    }
    const status = await deps.inbox.recordOutcome(delivery, owner, outcome)
    if (outcome.outcome === 'failed') {
      deps.log.log('warn', 'delivery failed', { deliveryId: delivery.id, provider: delivery.provider, status, error: describeError(outcome.error) })
    }
    return status
  }

  async function runJob(job: Job): Promise<JobStatus> {
    // claimDue hands out only the kinds this worker runs.
    const handler = deps.jobs[job.kind]!
    try {
      await handler.run(job)
      await deps.outbox.complete(job, owner)
      return 'done'
    } catch (error) {
      const status = await deps.outbox.fail(job, owner, error, handler.retry)
      deps.log.log('warn', 'job failed', { jobId: job.id, kind: job.kind, key: job.idempotencyKey, status, error: describeError(error) })
      return status
    }
  }

  function track<T>(ids: Set<number>, id: number, work: Promise<T>): Promise<T> {
    ids.add(id)
    return work.finally(() => {
      ids.delete(id)
      notifySettled()
    })
  }

  /** Claims what fits in the free slots and starts it; returns how many it started. */
  async function fillSlots(): Promise<DrainSummary> {
    const free = concurrency - active()
    if (free <= 0) return { deliveries: 0, jobs: 0 }
    // Half the slots at most for deliveries, so outgoing work keeps flowing through a burst.
    const deliveries = await deps.inbox.claimDue(owner, Math.max(1, Math.floor(free / 2)), leaseMs)
    for (const delivery of deliveries) void track(runningDeliveries, delivery.id, processDelivery(delivery)).catch(logCrash)
    const jobs = await deps.outbox.claimDue(owner, free - deliveries.length, leaseMs, kinds)
    for (const job of jobs) void track(runningJobs, job.id, runJob(job)).catch(logCrash)
    return { deliveries: deliveries.length, jobs: jobs.length }
  }

  function logCrash(error: unknown) {
    deps.log.log('error', 'worker task crashed', { error: describeError(error) })
  }

  function nextSettled(): Promise<void> {
    return new Promise((resolve) => settled.add(resolve))
  }

  async function heartbeat(): Promise<void> {
    await Promise.all([
      deps.inbox.extendLeases(owner, [...runningDeliveries], leaseMs),
      deps.outbox.extendLeases(owner, [...runningJobs], leaseMs),
    ])
  }

  function withHeartbeat<T>(work: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => void heartbeat().catch(logCrash), leaseMs / 3)
    return work().finally(() => clearInterval(timer))
  }

  return {
    /**
     * Runs everything due now, and what that work queues, until nothing is due or running.
     * `claimForMs` bounds how long it keeps taking new work (an edge function has a wall clock);
     * what is left is the next run's.
     */
    runUntilIdle(options: { claimForMs?: number } = {}): Promise<DrainSummary> {
      const claimUntil = options.claimForMs === undefined ? Infinity : Date.now() + options.claimForMs
      return withHeartbeat(async () => {
        const summary: DrainSummary = { deliveries: 0, jobs: 0 }
        for (;;) {
          const started = Date.now() < claimUntil ? await fillSlots() : { deliveries: 0, jobs: 0 }
          summary.deliveries += started.deliveries
          summary.jobs += started.jobs
          const claimed = started.deliveries + started.jobs
          if (claimed === 0 && active() === 0) return summary
          if (claimed === 0 || active() >= concurrency) await nextSettled()
        }
      })
    },

    /**
     * Keeps working until `stop()`: after a pass that found nothing due it sleeps until woken
     * or `pollMs` passes (retries come due while it sleeps).
     */
    start(options: { pollMs?: number } = {}) {
      const pollMs = options.pollMs ?? 1_000
      let stopped = false
      const loop = withHeartbeat(async () => {
        while (!stopped) {
          let claimed = 0
          try {
            const started = await fillSlots()
            claimed = started.deliveries + started.jobs
          } catch (error) {
            deps.log.log('warn', 'worker could not claim work', { error: describeError(error) })
          }
          if (stopped) break
          if (claimed > 0 && active() < concurrency) continue
          await new Promise<void>((resolve) => {
            const timer = setTimeout(finish, pollMs)
            function finish() {
              clearTimeout(timer)
              wakeUp = undefined
              resolve()
            }
            wakeUp = finish
            if (active() > 0) void nextSettled().then(finish)
          })
        }
        while (active() > 0) await nextSettled()
      })
      return {
        async stop() {
          stopped = true
          wakeUp?.()
          await loop
        },
      }
    },

    /** Work was queued: look now instead of at the next poll. */
    wake() {
      wakeUp?.()
    },

    /**
     * Runs one job now, in the caller's request (a page waiting for its room). `busy` when
     * another worker holds it or it is waiting out a backoff.
     */
    async runJobNow(key: string): Promise<JobStatus | 'busy'> {
      const [job] = await deps.outbox.claimDue(owner, 1, leaseMs, kinds, key)
      if (!job) return 'busy'
      return withHeartbeat(() => track(runningJobs, job.id, runJob(job)))
    },

    /** Processes one delivery now (an operator's retry); `busy` when another worker holds it or it is not due. */
    async processDeliveryNow(id: number): Promise<DeliveryStatus | 'busy'> {
      const [delivery] = await deps.inbox.claimDue(owner, 1, leaseMs, id)
      if (!delivery) return 'busy'
      return withHeartbeat(() => track(runningDeliveries, delivery.id, processDelivery(delivery)))
    },
  }
}

export type Worker = ReturnType<typeof createWorker>
