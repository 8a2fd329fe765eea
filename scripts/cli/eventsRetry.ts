import type { Delivery, DeliveryStatus, Inbox, Provider } from '../../supabase/functions/_shared/inbox/inbox.ts'
import type { Job, Outbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import type { SessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import type { Worker } from '../../supabase/functions/_shared/worker/worker.ts'
import { deliverySubject, findDelivery } from './findDelivery.ts'
import { EXIT, type CliIo } from './io.ts'
import { describeJobState, jobNeedsAttention, jobStateOf } from './jobState.ts'
import { createProgress } from './progress.ts'
import { sessionJobsOf } from './sessionJobs.ts'
import { counted, formatTime, printable } from './text.ts'

export interface RetryEventsDeps {
  inbox: Pick<Inbox, 'get' | 'idsWithStatus' | 'requeue'>
  outbox: Pick<Outbox, 'getByKey'>
  sessions: Pick<SessionRepository, 'get'>
  worker: Pick<Worker, 'processDeliveryNow' | 'runUntilIdle'>
}

export type RetryTarget = { id: number; provider?: Provider } | { failed: true; provider?: Provider }

interface Retried {
  /** The inbox row after the run (a retryable failure is back to `pending`, with its next attempt). */
  delivery: Delivery
  status: DeliveryStatus | 'busy'
  /** The session's room and record jobs, as they ended after the worker drained what the retry queued. */
  jobs: Job[]
}

/**
 * `presence events retry`: puts deliveries back in the inbox and has the worker process each one
 * now, through its provider's own processor, so a retry can do nothing a delivery could not. Then
 * drains the jobs those deliveries queued and reports how they ended.
 */
export async function retryEvents(deps: RetryEventsDeps, target: RetryTarget, io: CliIo): Promise<number> {
  return 'id' in target ? retryOne(deps, target.id, target.provider, io) : retryFailed(deps, target.provider, io)
}

async function retryOne(deps: RetryEventsDeps, id: number, provider: Provider | undefined, io: CliIo): Promise<number> {
  const delivery = await findDelivery(deps.inbox, id, provider, io.print)
  if (!delivery) return EXIT.failed
  // An ignored delivery runs again: its provider may have a processor now, or the trigger a use.
  if (delivery.status === 'processed') {
    io.print(`${deliverySubject(delivery)}: already processed; nothing to do.`)
    return EXIT.ok
  }
  const [retried] = await run(deps, [id])
  io.print(describe(retried!))
  return needsAttention(retried!) ? EXIT.failed : EXIT.ok
}

async function retryFailed(deps: RetryEventsDeps, provider: Provider | undefined, io: CliIo): Promise<number> {
  const ids = await deps.inbox.idsWithStatus('failed', provider)
  if (ids.length === 0) {
    io.print(provider ? `No failed ${provider} deliveries to retry.` : 'No failed deliveries to retry.')
    return EXIT.ok
  }
  const progress = ids.length > 1 ? createProgress(io.stderr, ids.length, 'Retrying') : undefined
  const results = await run(deps, ids, () => progress?.tick())
  progress?.finish()

  const count = (status: Retried['status']) => results.filter((retried) => retried.status === status).length
  const failing = results.filter((retried) => retried.status === 'pending' || retried.status === 'failed').length
  const withJobs = results.filter((retried) => retried.status === 'processed' && retried.jobs.some(jobNeedsAttention)).length
  const busy = count('busy')
  io.print(
    `Retried ${counted(results.length, 'failed delivery', 'failed deliveries')}: ${count('processed')} processed${withJobs ? ` (${withJobs} with a job still failing)` : ''}, ` +
      `${count('ignored')} ignored, ${failing} still failing${busy ? `, ${busy} taken by another worker` : ''}.`,
  )
  // A plain success needs no line of its own; everything else is named with its reason.
  for (const retried of results) if (retried.status !== 'processed' || retried.jobs.some(jobNeedsAttention)) io.print(`  ${describe(retried)}`)
  return results.some(needsAttention) ? EXIT.failed : EXIT.ok
}

/**
 * Oldest first, one at a time, so events for one booking are applied in the order they came;
 * then everything they queued (room, record) runs before the outcome is read.
 */
async function run(deps: RetryEventsDeps, ids: number[], onEach?: () => void): Promise<Retried[]> {
  await deps.inbox.requeue(ids)
  const statuses: Retried['status'][] = []
  for (const id of ids) {
    statuses.push(await deps.worker.processDeliveryNow(id))
    onEach?.()
  }
  await deps.worker.runUntilIdle()
  return Promise.all(
    ids.map(async (id, index) => {
      const delivery = (await deps.inbox.get(id))!
      const session = delivery.sessionId === null ? null : await deps.sessions.get(delivery.sessionId)
      const jobs = session ? await sessionJobsOf(deps.outbox, session) : []
      // The row is the truth; "busy" only while the worker that held it has not finished.
      const busy = statuses[index] === 'busy' && delivery.status === 'pending'
      return { delivery, status: busy ? ('busy' as const) : delivery.status, jobs }
    }),
  )
}

function needsAttention({ status, jobs }: Retried): boolean {
  return status === 'pending' || status === 'failed' || jobs.some(jobNeedsAttention)
}

function describe({ delivery, status, jobs }: Retried): string {
  const subject = deliverySubject(delivery)
  switch (status) {
    case 'processed': {
      const problems = jobs.filter(jobNeedsAttention).map(describeJob)
      return problems.length === 0 ? `${subject}: processed.` : `${subject}: processed, but ${problems.join('; ')}.`
    }
    case 'ignored':
      return `${subject}: ignored: ${printable(delivery.lastError ?? 'no reason recorded')}.`
    case 'pending':
      return `${subject}: still failing: ${printable(delivery.lastError ?? '')}. It will be retried automatically at ${formatTime(delivery.nextAttemptAt)}.`
    case 'failed':
      return `${subject}: still failing: ${printable(delivery.lastError ?? '')}.`
    case 'busy':
      return `${subject}: another worker is processing it right now; see npm run presence -- events show ${delivery.id}`
  }
}

function describeJob(job: Job): string {
  if (jobStateOf(job) === 'failed') {
    return `its ${printable(job.kind)} job ${describeJobState(job)} (fix the cause, then: npm run presence -- jobs retry ${job.id})`
  }
  return `its ${printable(job.kind)} job is ${describeJobState(job)}`
}
