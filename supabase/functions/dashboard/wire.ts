import { authenticatorOf } from '../_shared/runtime/build/auth.ts'
import { directoryOf } from '../_shared/runtime/build/directory.ts'
import { requestRecordSync, sessionsOf } from '../_shared/runtime/build/sessions.ts'
import { memoised, type Runtime } from '../_shared/runtime/runtime.ts'
import { calcomActionsAt, calcomPagesUrl } from './calcomPages.ts'
import { createDashboardHandler } from './handler.ts'
import { rememberMembersFound } from './membersFound.ts'

/** A member found is kept a minute, as the directory keeps hosts; at most this many phones per process. */
const MEMBER_CACHE = { ttlMs: 60_000, maxEntries: 10_000 }

export function wire(rt: Runtime) {
  const directory = directoryOf(rt)
  const members = memoised(rt, 'dashboard-members-found', () => rememberMembersFound(directory, MEMBER_CACHE))
  return createDashboardHandler({
    authenticate: authenticatorOf(rt),
    directory: { getHost: directory.getHost, findHostByPhone: directory.findHostByPhone, findMemberByPhone: members.findMemberByPhone },
    sql: rt.sql,
    sessions: sessionsOf(rt),
    requestSync: requestRecordSync(rt),
    appUrl: rt.config.appUrl,
    linkSigningSecret: rt.config.linkSigningSecret,
    cancellationCutoffHours: rt.config.cancellationCutoffHours,
    calcomActions: calcomActionsAt(calcomPagesUrl(rt.config)),
    log: rt.log,
  })
}
