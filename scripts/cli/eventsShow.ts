import type { Delivery } from '../../supabase/functions/_shared/ledger/deliveries.ts'
import type { AppContext } from '../../supabase/functions/_shared/runtime/appContext.ts'
import type { SessionRow } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { EXIT, type Print } from './io.ts'
import { formatTime, prettyBody, printable } from './text.ts'

/** `presence events show <id>`: one delivery, the session it belongs to, and its raw body. */
export async function showEvent(ctx: AppContext, id: number, print: Print): Promise<number> {
  const delivery = await ctx.ledger.get(id)
  if (!delivery) {
    print(`No delivery with id ${id}. List them with: npm run presence -- events list`)
    return EXIT.failed
  }
  printFields(print, `Delivery ${delivery.id}`, deliveryFields(delivery))

  const linked = delivery.sessionId !== null
  const session = await findSession(ctx, delivery)
  print('')
  if (session) {
    printFields(print, linked ? `Session ${session.id}` : `Session ${session.id} (same booking; this delivery is not applied to it)`, sessionFields(session))
  } else {
    print('Session: none (this delivery has not been applied to a session)')
  }

  const body = prettyBody(delivery.rawBody)
  print('')
  print(`Raw body (${new TextEncoder().encode(delivery.rawBody).length} bytes${body.json ? '' : ', not JSON'})`)
  for (const line of body.lines) print(line)
  return EXIT.ok
}

/** A delivery that failed before it was applied has no session link, but its booking may have one. */
async function findSession(ctx: AppContext, delivery: Delivery): Promise<SessionRow | null> {
  if (delivery.sessionId !== null) return ctx.sessions.get(delivery.sessionId)
  return delivery.bookingUid === null ? null : ctx.sessions.findByUid(delivery.bookingUid)
}

function deliveryFields(d: Delivery): [string, string][] {
  return [
    ['provider', d.provider],
    ['trigger', printable(d.eventType ?? '-')],
    ['status', d.status],
    ['received', formatTime(d.receivedAt)],
    ['attempts', String(d.attempts)],
    ['duplicates', String(d.duplicates)],
    ['last error', printable(d.lastError ?? '-')],
    ['next attempt', formatTime(d.nextAttemptAt)],
    ['processed', formatTime(d.processedAt)],
    ['booking uid', printable(d.bookingUid ?? '-')],
    ['applied as', d.appliedVersion === null ? '-' : `session version ${d.appliedVersion}`],
  ]
}

function sessionFields(s: SessionRow): [string, string][] {
  const syncState = s.syncedVersion >= s.stateVersion ? 'up to date' : `pending (${s.syncAttempts} failed attempts)`
  return [
    ['booking uid', printable(s.state.uid)],
    ['previous uids', s.state.previousUids.length ? s.state.previousUids.map(printable).join(', ') : '-'],
    ['booking status', s.state.status],
    ['start', formatTime(new Date(s.state.start))],
    ['end', formatTime(new Date(s.state.end))],
    ['host', printable(s.state.hostName ?? s.state.hostEmail ?? '-')],
    ['member', printable(s.state.memberName ?? s.state.memberEmail ?? '-')],
    ['room status', s.roomStatus],
    ['room url', s.roomUrl ?? '-'],
    ['room name', s.roomName],
    ['operations sync', `${syncState}, version ${s.syncedVersion} of ${s.stateVersion}`],
    ['sync error', printable(s.syncError ?? '-')],
  ]
}

function printFields(print: Print, title: string, fields: [string, string][]): void {
  const width = Math.max(...fields.map(([label]) => label.length))
  print(title)
  for (const [label, value] of fields) print(`  ${label.padEnd(width)}  ${value}`)
}
