import { authenticatorOf } from '../_shared/runtime/build/auth.ts'
import { directoryOf } from '../_shared/runtime/build/directory.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { calcomActionsAt, calcomPagesUrl } from './calcomPages.ts'
import { createDashboardHandler } from './handler.ts'

export function wire(rt: Runtime) {
  return createDashboardHandler({
    authenticate: authenticatorOf(rt),
    directory: directoryOf(rt),
    sql: rt.sql,
    appUrl: rt.config.appUrl,
    linkSigningSecret: rt.config.linkSigningSecret,
    cancellationCutoffHours: rt.config.cancellationCutoffHours,
    calcomActions: calcomActionsAt(calcomPagesUrl(rt.config)),
    log: rt.log,
  })
}
