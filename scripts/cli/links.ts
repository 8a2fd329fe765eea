import type { Config } from '../../shared/config/loadConfig.ts'
import { sessionLinkUrl, signSessionToken } from '../../shared/links/sessionLinks.ts'
import { ROLES } from '../../shared/sessions/sessionView.ts'
import type { SessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { EXIT, type Print } from './io.ts'
import { printable } from './text.ts'

export interface LinksDeps {
  sessions: Pick<SessionRepository, 'findByBookingId'>
  config: Pick<Config, 'linkSigningSecret' | 'appUrl'>
}

/** `presence links <bookingId>`: the host's and the member's session links (old booking ids work too). */
export async function printSessionLinks(deps: LinksDeps, bookingId: string, print: Print): Promise<number> {
  const session = await deps.sessions.findByBookingId(bookingId)
  if (!session) {
    print(`No session for booking ${printable(JSON.stringify(bookingId))}. List deliveries with: npm run presence -- events list`)
    return EXIT.failed
  }
  const moved = session.state.bookingId !== bookingId ? ` (rescheduled from ${printable(bookingId)})` : ''
  print(`Session ${printable(session.state.bookingId)}${moved}: ${session.state.status}, ${new Date(session.state.start).toUTCString()}`)
  for (const role of ROLES) {
    const token = await signSessionToken(deps.config.linkSigningSecret, session.id, role)
    print(`  ${role.padEnd(6)}  ${sessionLinkUrl(deps.config.appUrl, session.state.bookingId, role, token)}`)
  }
  return EXIT.ok
}
