import { z } from 'zod'
import { BadRequestError } from '../_shared/errors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod, requireServiceKey } from '../_shared/http/requestGuards.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import type { Worker } from '../_shared/worker/worker.ts'

export interface WorkerFunctionDeps {
  serviceRoleKey: string
  worker: Pick<Worker, 'runUntilIdle'>
  waitUntil: (work: Promise<unknown>) => void
  log: Logger
}

const requestSchema = z.object({ wait: z.boolean().optional() }).strict()

/**
 * How long one invocation keeps taking new work. Supabase stops a function after 150-400 s of
 * wall clock; work it is still running then is free again when its lease runs out.
 */
const CLAIM_FOR_MS = 100_000

/**
 * Drains the inbox and the outbox. pg_net calls it when work is queued and pg_cron every minute;
 * it answers at once and works on in `waitUntil` (pg_net does not wait long), unless the caller
 * asks to `wait` for the summary (operators, tests).
 */
export function createWorkerHandler(deps: WorkerFunctionDeps): Handler {
  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    requireServiceKey(req, deps.serviceRoleKey)
    const raw = await readBodyWithLimit(req, 1024)
    const parsed = requestSchema.safeParse(raw.byteLength === 0 ? {} : parseJsonBody(raw))
    if (!parsed.success) throw new BadRequestError('Send {} or {"wait": true}')
    const drained = deps.worker.runUntilIdle({ claimForMs: CLAIM_FOR_MS }).then((summary) => {
      if (summary.deliveries + summary.jobs > 0) deps.log.log('info', 'worker drained', { ...summary })
      return summary
    })
    if (parsed.data.wait) return json(200, await drained)
    deps.waitUntil(drained)
    return json(202, { status: 'draining' })
  }, deps.log)
}
