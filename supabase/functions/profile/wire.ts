import { authenticatorOf } from '../_shared/runtime/build/auth.ts'
import { directoryOf } from '../_shared/runtime/build/directory.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createProfileHandler } from './handler.ts'

export function wire(rt: Runtime) {
  return createProfileHandler({ authenticate: authenticatorOf(rt), directory: directoryOf(rt), sql: rt.sql, appUrl: rt.config.appUrl, log: rt.log })
}
