import { BadRequestError } from '../_shared/errors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { parseJsonBody, readBodyWithLimit, requireMethod, requireServiceKey } from '../_shared/http/requestGuards.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import type { SchedulerTick } from '../_shared/scheduler/schedulerTick.ts'

export interface SchedulerDeps {
  serviceRoleKey: string
  tick: SchedulerTick
  log: Logger
}

/**
 * `scheduler` (internal, service key): runs one tick of the clock-driven work — rooms 15 minutes
 * before the start, the reminder an hour before, the 48-hour nudge — and answers what it queued.
 * pg_cron calls it every minute (migration 0020), the local stack every 30 seconds. POST `{}`.
 */
export function createSchedulerHandler(deps: SchedulerDeps): Handler {
  return withErrorMapping(async (req) => {
    requireMethod(req, 'POST')
    requireServiceKey(req, deps.serviceRoleKey)
    const body = await readBodyWithLimit(req, 1024)
    if (body.length > 0) {
      const parsed = parseJsonBody(body)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length > 0) {
        throw new BadRequestError('The scheduler takes no parameters: send {}')
      }
    }
    const queued = await deps.tick()
    if (Object.values(queued).some((count) => count > 0)) deps.log.log('info', 'scheduler tick', { ...queued })
    return json(200, { queued })
  }, deps.log)
}
