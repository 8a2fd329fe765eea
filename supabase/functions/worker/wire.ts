import type { Runtime } from '../_shared/runtime/runtime.ts'
import { buildWorker } from './buildWorker.ts'
import { createWorkerHandler } from './handler.ts'

export function wire(rt: Runtime) {
  return createWorkerHandler({ serviceRoleKey: rt.config.serviceRoleKey, worker: buildWorker(rt), waitUntil: rt.waitUntil, log: rt.log })
}
