import type { Job, Outbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import type { Worker } from '../../supabase/functions/_shared/worker/worker.ts'
import { EXIT, type CliIo } from './io.ts'
import { describeJobState, jobNeedsAttention, jobStateOf, type JobState } from './jobState.ts'
import { counted, printable, truncate } from './text.ts'

export interface RetryJobsDeps {
  outbox: Pick<Outbox, 'get' | 'retry'>
  worker: Pick<Worker, 'runUntilIdle'>
}

export type JobRetryTarget = { id: number } | { failed: true }

/**
 * `presence jobs retry`: a job that failed for good waits for an operator; this re-arms it with a
 * fresh set of attempts, has the worker run everything due, and reports how each retried job ended.
 */
export async function retryJobs(deps: RetryJobsDeps, target: JobRetryTarget, io: CliIo): Promise<number> {
  return 'id' in target ? retryOne(deps, target.id, io) : retryFailed(deps, io)
}

async function retryOne(deps: RetryJobsDeps, id: number, io: CliIo): Promise<number> {
  const job = await deps.outbox.get(id)
  if (!job) {
    io.print(`No job with id ${id}. List them with: npm run presence -- jobs list`)
    return EXIT.failed
  }
  if (job.status === 'done') {
    io.print(`${subject(job)}: already done; nothing to do.`)
    return EXIT.ok
  }
  await deps.outbox.retry({ ids: [id] })
  await deps.worker.runUntilIdle()
  // Read back whether or not the re-arm took: another worker may have finished it meanwhile.
  const ended = (await deps.outbox.get(id))!
  io.print(`${subject(ended)}: ${describeJobState(ended)}.`)
  return jobNeedsAttention(ended) ? EXIT.failed : EXIT.ok
}

async function retryFailed(deps: RetryJobsDeps, io: CliIo): Promise<number> {
  const ids = await deps.outbox.retry({ failed: true })
  if (ids.length === 0) {
    io.print('No failed jobs to retry.')
    return EXIT.ok
  }
  // Everything due runs, so what the retried jobs queue (a room sync queues its record) runs too.
  await deps.worker.runUntilIdle()
  const jobs = (await Promise.all(ids.map((id) => deps.outbox.get(id)))).filter((job): job is Job => job !== null)
  const count = (state: JobState) => jobs.filter((job) => jobStateOf(job) === state).length
  const running = count('running')
  io.print(
    `Retried ${counted(jobs.length, 'failed job', 'failed jobs')}: ${count('done')} done, ${count('waiting')} waiting to retry, ${count('failed')} failed` +
      `${running ? `, ${running} still running in another worker` : ''}.`,
  )
  for (const job of jobs) if (jobStateOf(job) !== 'done') io.print(`  ${subject(job)}: ${describeJobState(job)}.`)
  return jobs.some(jobNeedsAttention) ? EXIT.failed : EXIT.ok
}

function subject(job: Job): string {
  return `Job ${job.id} (${truncate(printable(job.idempotencyKey), 60)})`
}
