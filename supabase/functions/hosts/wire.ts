import { directoryOf } from '../_shared/runtime/build/directory.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createHostsHandler } from './handler.ts'

export function wire(rt: Runtime) {
  return createHostsHandler({ directory: directoryOf(rt), appUrl: rt.config.appUrl, log: rt.log })
}
