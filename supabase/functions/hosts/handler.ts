import { hostsResponseSchema } from '../../../shared/api/hosts.ts'
import { withCors } from '../_shared/http/cors.ts'
import { json, withErrorMapping, type Handler } from '../_shared/http/respond.ts'
import { requireMethod } from '../_shared/http/requestGuards.ts'
import type { Logger } from '../_shared/runtime/logger.ts'
import type { Directory } from '../_shared/store/directory.ts'

export interface HostsDeps {
  directory: Directory
  appUrl: string
  log: Logger
}

const METHODS = ['GET']

/** Active hosts for the host-selection page. */
export function createHostsHandler(deps: HostsDeps): Handler {
  return withCors(
    withErrorMapping(async (req) => {
      requireMethod(req, ...METHODS)
      // The schema keeps the public profile fields and drops the rest (email, phone, status).
      return json(200, hostsResponseSchema.parse({ hosts: await deps.directory.listActiveHosts() }))
    }, deps.log),
    deps.appUrl,
    [...METHODS, 'OPTIONS'].join(', '),
  )
}
