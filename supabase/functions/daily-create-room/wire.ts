import { roomJobOf } from '../_shared/runtime/build/sessionJobs.ts'
import { inboxOf, outboxOf, sessionsOf } from '../_shared/runtime/build/sessions.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createWorker } from '../_shared/worker/worker.ts'
import { createDailyCreateRoomHandler } from './handler.ts'

export function wire(rt: Runtime) {
  // Runs room jobs in the request, for a page waiting on its room; the worker does the rest.
  const worker = createWorker({ inbox: inboxOf(rt), outbox: outboxOf(rt), processors: {}, jobs: roomJobOf(rt), log: rt.log, workerId: rt.workerId })
  return createDailyCreateRoomHandler({
    serviceRoleKey: rt.config.serviceRoleKey,
    linkSecret: rt.config.linkSigningSecret,
    appUrl: rt.config.appUrl,
    sessions: sessionsOf(rt),
    outbox: outboxOf(rt),
    runJobNow: (key) => worker.runJobNow(key),
    sql: rt.sql,
    wake: rt.wake,
    log: rt.log,
  })
}
