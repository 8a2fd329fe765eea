import { recordIdOf, recordSyncJob, roomSyncJob } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import type { Job, Outbox } from '../../supabase/functions/_shared/outbox/outbox.ts'

/**
 * The outbox jobs that keep a session's room and Presence Operations record in step with it: the
 * record's is under the paid session's id when the booking uses one.
 */
export async function sessionJobsOf(outbox: Pick<Outbox, 'getByKey'>, session: { id: string; paidSessionId: string | null }): Promise<Job[]> {
  const jobs = await Promise.all([roomSyncJob(session.id), recordSyncJob(recordIdOf(session))].map((request) => outbox.getByKey(request.key)))
  return jobs.filter((job): job is Job => job !== null)
}
