import { attendanceJobOf } from '../_shared/runtime/build/attendance.ts'
import { smsJobOf } from '../_shared/runtime/build/messages.ts'
import { recordJobOf, roomJobOf } from '../_shared/runtime/build/sessionJobs.ts'
import { inboxOf, outboxOf } from '../_shared/runtime/build/sessions.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createWorker, type Worker } from '../_shared/worker/worker.ts'
import { processorsOf } from './processors.ts'

/** The worker with every processor and every job kind: the deployed function, the local process, the CLI. */
export function buildWorker(rt: Runtime): Worker {
  return createWorker({
    inbox: inboxOf(rt),
    outbox: outboxOf(rt),
    processors: processorsOf(rt),
    jobs: { ...roomJobOf(rt), ...recordJobOf(rt), ...smsJobOf(rt), ...attendanceJobOf(rt) },
    log: rt.log,
    workerId: rt.workerId,
  })
}
