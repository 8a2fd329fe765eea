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

/** Active hosts for the host-selection page: public profile fields only, never contact details. */
export function createHostsHandler(deps: HostsDeps): Handler {
  return withCors(
    withErrorMapping(async (req) => {
      requireMethod(req, 'GET')
      const hosts = await deps.directory.listActiveHosts()
      return json(200, {
        hosts: hosts.map((host) => ({
          id: host.id,
          name: host.name,
          bio: host.bio,
          personalityTags: host.personalityTags,
          calLink: host.calLink,
          timeZone: host.timeZone,
        })),
      })
    }, deps.log),
    deps.appUrl,
    'GET, OPTIONS',
  )
}
