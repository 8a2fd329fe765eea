import type { Delivery, Inbox, Provider } from '../../supabase/functions/_shared/inbox/inbox.ts'
import type { Job, Outbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import type { SessionRepository, SessionRow } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { findDelivery } from './findDelivery.ts'
import { EXIT, type Print } from './io.ts'
import { sessionJobsOf } from './sessionJobs.ts'
import { formatTable, formatTime, prettyBody, printable } from './text.ts'

export interface ShowEventDeps {
  inbox: Pick<Inbox, 'get'>
  sessions: Pick<SessionRepository, 'get' | 'findByBookingId'>
  outbox: Pick<Outbox, 'getByKey'>
}

/** `presence events show <id>`: one delivery, its session and that session's jobs, and the raw body. */
export async function showEvent(deps: ShowEventDeps, id: number, provider: Provider | undefined, print: Print): Promise<number> {
  const delivery = await findDelivery(deps.inbox, id, provider, print)
  if (!delivery) return EXIT.failed
  printFields(print, `Delivery ${delivery.id}`, deliveryFields(delivery))

  const linked = delivery.sessionId !== null
  const session = await findSession(deps.sessions, delivery)
  print('')
  if (session) {
    printFields(print, linked ? `Session ${session.id}` : `Session ${session.id} (same booking; this delivery is not applied to it)`, sessionFields(session))
    print('')
    printJobs(print, await sessionJobsOf(deps.outbox, session))
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
async function findSession(sessions: ShowEventDeps['sessions'], delivery: Delivery): Promise<SessionRow | null> {
  if (delivery.sessionId !== null) return sessions.get(delivery.sessionId)
  return delivery.bookingId === null ? null : sessions.findByBookingId(delivery.bookingId)
}

function deliveryFields(d: Delivery): [string, string][] {
  return [
    ['provider', d.provider],
    ['event id', printable(d.eventId ?? '-')],
    ['type', printable(d.eventType ?? '-')],
    ['status', d.status],
    ['received', formatTime(d.receivedAt)],
    ['attempts', String(d.attempts)],
    ['duplicates', String(d.duplicates)],
    // An ignored delivery keeps the reason it was ignored where a failed one keeps its error.
    [d.status === 'ignored' ? 'ignored because' : 'last error', printable(d.lastError ?? '-')],
    ['next attempt', formatTime(d.nextAttemptAt)],
    ['processed', formatTime(d.processedAt)],
    ['booking id', printable(d.bookingId ?? '-')],
  ]
}

function sessionFields(s: SessionRow): [string, string][] {
  return [
    ['booking id', printable(s.state.bookingId)],
    ['previous ids', s.state.previousBookingIds.length ? s.state.previousBookingIds.map(printable).join(', ') : '-'],
    ['booking status', s.state.status],
    ['start', formatTime(new Date(s.state.start))],
    ['end', formatTime(new Date(s.state.end))],
    ['host', printable(s.state.hostName ?? s.state.hostEmail ?? '-')],
    ['member', printable(s.state.memberName ?? s.state.memberEmail ?? '-')],
    ['room status', s.roomStatus],
    ['room url', s.roomUrl ?? '-'],
    ['room name', s.roomName],
  ]
}

function printJobs(print: Print, jobs: Job[]): void {
  if (jobs.length === 0) {
    print('Jobs: none queued for this session')
    return
  }
  print('Jobs')
  const rows = jobs.map((job) => [
    String(job.id),
    printable(job.kind),
    job.status,
    String(job.attempts),
    job.status === 'pending' ? formatTime(job.nextAttemptAt) : '-',
    // The last column is never padded, so the whole error fits: this is where an operator reads it.
    printable(job.lastError ?? ''),
  ])
  for (const line of formatTable(['ID', 'KIND', 'STATUS', 'ATTEMPTS', 'NEXT ATTEMPT (UTC)', 'LAST ERROR'], rows)) print(`  ${line}`)
}

function printFields(print: Print, title: string, fields: [string, string][]): void {
  const width = Math.max(...fields.map(([label]) => label.length))
  print(title)
  for (const [label, value] of fields) print(`  ${label.padEnd(width)}  ${value}`)
}
