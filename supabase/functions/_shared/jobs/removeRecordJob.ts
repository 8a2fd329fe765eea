import type { RetryPolicy } from '../retry/retryPolicy.ts'
import type { OperationsStore } from '../store/operationsStore.ts'
import type { JobHandler } from './jobHandler.ts'
import { sessionIdOf } from './sessionJobs.ts'

/** `record.remove`: deletes the record kept under a session id that no longer has one of its own. */
export function createRemoveRecordJob(deps: { store: OperationsStore; storeRetry: RetryPolicy }): JobHandler {
  return {
    retry: deps.storeRetry,
    async run(job) {
      await deps.store.remove([sessionIdOf(job.payload)])
    },
  }
}
