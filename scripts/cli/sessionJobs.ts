import { recordSyncJob, roomSyncJob } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import type { Job, Outbox } from '../../supabase/functions/_shared/outbox/outbox.ts'

/** The outbox jobs that keep a session's room and Presence Operations record in step with it. */
export async function sessionJobsOf(outbox: Pick<Outbox, 'getByKey'>, sessionId: string): Promise<Job[]> {
  const jobs = await Promise.all([roomSyncJob(sessionId), recordSyncJob(sessionId)].map((request) => outbox.getByKey(request.key)))
  return jobs.filter((job): job is Job => job !== null)
}
