import { outboxOf, sessionsOf } from '../_shared/runtime/build/sessions.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createSchedulerTick } from '../_shared/scheduler/schedulerTick.ts'
import { createSchedulerHandler } from './handler.ts'

export function wire(rt: Runtime) {
  const tick = createSchedulerTick({ sql: rt.sql, sessions: sessionsOf(rt), outbox: outboxOf(rt), wake: rt.wake })
  return createSchedulerHandler({ serviceRoleKey: rt.config.serviceRoleKey, tick, log: rt.log })
}
