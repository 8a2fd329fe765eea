import type { Job } from '../outbox/outbox.ts'
import type { RetryPolicy } from '../retry/retryPolicy.ts'

/** Runs one kind of outbox job through its adapter; throwing fails the attempt, per `retry`. */
export interface JobHandler {
  retry: RetryPolicy
  run(job: Job): Promise<void>
}

/** One handler per job kind. */
export type JobTable = Record<string, JobHandler>
