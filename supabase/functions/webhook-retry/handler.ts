import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { requireMethod, requireServiceKey } from '../_shared/http/requestGuards.ts'
import type { PipelineDeps } from '../_shared/pipeline/deps.ts'
import { retryPendingWork } from '../_shared/pipeline/recover.ts'
import type { Logger } from '../_shared/runtime/logger.ts'

export interface WebhookRetryDeps {
  serviceRoleKey: string
  pipeline: PipelineDeps
  log: Logger
}

/** The scheduled sweep: finishes deliveries and session syncs a crash or an outage left pending. */
export function createWebhookRetryHandler(deps: WebhookRetryDeps): Handler {
  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    requireServiceKey(req, deps.serviceRoleKey)
    const summary = await retryPendingWork(deps.pipeline)
    if (summary.deliveries + summary.sessions > 0) deps.log.log('info', 'retried pending work', { ...summary })
    return json(200, summary)
  }, deps.log)
}
