import { smsJobOf, smsMessagesOf } from '../_shared/runtime/build/messages.ts'
import { inboxOf, outboxOf } from '../_shared/runtime/build/sessions.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createWorker } from '../_shared/worker/worker.ts'
import { createSendSmsHandler } from './handler.ts'

export function wire(rt: Runtime) {
  // Runs sms.send jobs in the request; the worker runs the rest.
  const worker = createWorker({ inbox: inboxOf(rt), outbox: outboxOf(rt), processors: {}, jobs: smsJobOf(rt), log: rt.log, workerId: rt.workerId })
  return createSendSmsHandler({
    serviceRoleKey: rt.config.serviceRoleKey,
    outbox: outboxOf(rt),
    messages: smsMessagesOf(rt),
    runJobNow: (key) => worker.runJobNow(key),
    log: rt.log,
  })
}
