import { sessionLinkUrl, signSessionToken } from '../../shared/links/sessionLinks.ts'
import { ROLES } from '../../shared/sessions/sessionView.ts'
import type { AppContext } from '../../supabase/functions/_shared/runtime/appContext.ts'
import { EXIT, type Print } from './io.ts'
import { printable } from './text.ts'

/** `presence links <bookingId>`: the host's and the member's session links (old uids work too). */
export async function printSessionLinks(ctx: AppContext, bookingId: string, print: Print): Promise<number> {
  const session = await ctx.sessions.findByUid(bookingId)
  if (!session) {
    print(`No session for booking ${printable(JSON.stringify(bookingId))}. List deliveries with: npm run presence -- events list`)
    return EXIT.failed
  }
  const moved = session.state.uid !== bookingId ? ` (rescheduled from ${printable(bookingId)})` : ''
  print(`Session ${printable(session.state.uid)}${moved}: ${session.state.status}, ${new Date(session.state.start).toUTCString()}`)
  for (const role of ROLES) {
    const token = await signSessionToken(ctx.config.linkSigningSecret, session.id, role)
    print(`  ${role.padEnd(6)}  ${sessionLinkUrl(ctx.config.appUrl, session.state.uid, role, token)}`)
  }
  return EXIT.ok
}
