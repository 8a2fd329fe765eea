import type { JobStatus, Outbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { EXIT, type Print } from './io.ts'
import { formatTable, formatTime, printable, truncate } from './text.ts'

export interface JobListOptions {
  status?: JobStatus
  limit: number
  json: boolean
}

/** `presence jobs list`: the outbox's most recently changed jobs, as a table or as JSON. */
export async function listJobs(outbox: Pick<Outbox, 'list'>, options: JobListOptions, print: Print): Promise<number> {
  const jobs = await outbox.list({ status: options.status, limit: options.limit })
  if (options.json) {
    print(JSON.stringify(jobs, null, 2))
    return EXIT.ok
  }
  if (jobs.length === 0) {
    print(options.status ? `No ${options.status} jobs.` : 'No jobs queued yet.')
    return EXIT.ok
  }
  const rows = jobs.map((job) => [
    String(job.id),
    printable(job.kind),
    truncate(printable(job.idempotencyKey), 48),
    job.status,
    String(job.attempts),
    // Only a pending job has a next attempt; a finished one keeps the time it last ran.
    job.status === 'pending' ? formatTime(job.nextAttemptAt) : '-',
    job.lastError === null ? '' : truncate(printable(job.lastError), 60),
  ])
  for (const line of formatTable(['ID', 'KIND', 'KEY', 'STATUS', 'ATTEMPTS', 'NEXT ATTEMPT (UTC)', 'LAST ERROR'], rows)) print(line)
  if (jobs.length === options.limit) print(`(the newest ${options.limit}; pass --limit N for more)`)
  return EXIT.ok
}
