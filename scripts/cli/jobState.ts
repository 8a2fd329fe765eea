import type { Job } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { formatTime, printable } from './text.ts'

/**
 * Where a job stands once the CLI's worker has drained everything due: a pending job with an
 * error is waiting out its backoff; one without is held by another worker right now.
 */
export type JobState = 'done' | 'waiting' | 'failed' | 'running'

export function jobStateOf(job: Job): JobState {
  if (job.status === 'done') return 'done'
  if (job.status === 'failed') return 'failed'
  return job.lastError === null ? 'running' : 'waiting'
}

/** Only a job that failed or is waiting to retry needs the operator's attention. */
export function jobNeedsAttention(job: Job): boolean {
  const state = jobStateOf(job)
  return state === 'failed' || state === 'waiting'
}

export function describeJobState(job: Job): string {
  switch (jobStateOf(job)) {
    case 'done':
      return 'done'
    case 'running':
      return 'still running in another worker'
    case 'waiting':
      return `waiting to retry at ${formatTime(job.nextAttemptAt)}: ${printable(job.lastError ?? '')}`
    case 'failed':
      return `failed: ${printable(job.lastError ?? 'no error recorded')}`
  }
}
