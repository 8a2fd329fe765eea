import { toE164 } from '../../shared/auth/phone.ts'
import { MESSAGES } from '../../shared/messages/catalogue.ts'
import { broadcastDueTimes } from '../../shared/messages/broadcastPace.ts'
import { nextSendableAt, zoneOrUtc } from '../../shared/messages/quietHours.ts'
import { renderTemplate } from '../../shared/templates/renderTemplate.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import type { ListMembers } from '../../supabase/functions/_shared/messages/broadcast/audience.ts'
import { BROADCASTS, broadcastSms, type BroadcastAudience, type BroadcastTemplate, type BroadcastTo } from '../../supabase/functions/_shared/messages/broadcast/broadcasts.ts'
import type { Recipient, ValuesFor } from '../../supabase/functions/_shared/messages/messageValues.ts'
import type { JobRequest, Outbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import type { Directory } from '../../supabase/functions/_shared/store/directory.ts'
import { EXIT, warn, type CliIo } from './io.ts'
import { maskPhone } from './messagesList.ts'
import { counted, printable } from './text.ts'

export interface BroadcastDeps extends CliIo {
  sql: Sql
  directory: Pick<Directory, 'listActiveHosts' | 'getTemplate'>
  listMembers: ListMembers
  /** The broadcast kind's placeholder values: the same function the worker fills the message with. */
  values: ValuesFor
  outbox: Pick<Outbox, 'enqueue'>
  /** The sending number's time between sends (0 when the sender is not paced): the messages are queued that far apart. */
  spacingMs: number
  /** Asks the operator and returns their answer (null when stdin ended). */
  prompt: (question: string) => Promise<string | null>
  now?: () => Date
}

export interface BroadcastOptions {
  template: BroadcastTemplate
  to: BroadcastAudience
  /** Names this sending in the job keys; the day's date (UTC) unless given. */
  broadcastId?: string
  dryRun: boolean
  yes: boolean
}

interface Addressee {
  to: BroadcastTo
  recipient: Recipient
}

interface Sendable extends Addressee {
  request: JobRequest
  text: string
  phone: string
  sendableAt: Date
}

async function addressees(deps: BroadcastDeps, audience: BroadcastAudience): Promise<Addressee[]> {
  const members = audience === 'hosts' ? [] : await deps.listMembers()
  const hosts = audience === 'members' ? [] : await deps.directory.listActiveHosts()
  const person = (p: { id: string; name: string; phone: string | null; timeZone: string | null }): Recipient => ({ id: p.id, name: p.name || null, phone: p.phone, timeZone: p.timeZone })
  return [
    ...members.map((member) => ({ to: { role: 'member' as const, memberId: member.id }, recipient: person(member) })),
    ...hosts.map((host) => ({ to: { role: 'host' as const, hostId: host.id }, recipient: person(host) })),
  ]
}

/**
 * `presence messages broadcast --template NAME [--to members|hosts|all] [--id ID] [--dry-run] [--yes]`:
 * fills the template for every recipient first and shows how many get it, who does not and why,
 * and one filled sample; then, once confirmed, queues one `once` job per recipient in one
 * transaction. Running the same broadcast again queues nobody twice. The messages are not urgent:
 * each goes in its recipient's daytime (08:00-21:00 in their zone).
 */
export async function broadcastMessage(deps: BroadcastDeps, options: BroadcastOptions): Promise<number> {
  const now = (deps.now ?? (() => new Date()))()
  const kind = BROADCASTS[options.template]
  const templateName = MESSAGES[kind].template
  const broadcastId = options.broadcastId ?? now.toISOString().slice(0, 10)
  const template = await deps.directory.getTemplate(templateName)
  if (!template || !template.body.trim()) {
    warn(deps, `No "${templateName}" template in Templates (or its Body is empty): add it, then run this again. Nothing was queued.`)
    return EXIT.failed
  }

  const everyone = await addressees(deps, options.to)
  const requests = everyone.map((addressee) => broadcastSms(kind, broadcastId, addressee.to))
  const keys = requests.map((request) => request.key)
  const queued = new Set(
    (await deps.sql<{ key: string }[]>`select idempotency_key as key from outbox_jobs where idempotency_key = any(${keys}::text[])`).map((row) => row.key),
  )
  const phones = everyone.map((addressee) => toE164(addressee.recipient.phone)).filter((phone): phone is string => phone !== null)
  const optedOut = new Set(
    (await deps.sql<{ phone: string }[]>`select phone from sms_opt_outs where opted_out and phone = any(${phones}::text[])`).map((row) => row.phone),
  )

  const sendable: Sendable[] = []
  const left = new Map<string, number>()
  const leaveOut = (role: string, reason: string) => left.set(`${role}\u0000${reason}`, (left.get(`${role}\u0000${reason}`) ?? 0) + 1)
  let already = 0
  for (const [i, addressee] of everyone.entries()) {
    const request = requests[i]!
    if (queued.has(request.key)) {
      already++
      continue
    }
    const phone = toE164(addressee.recipient.phone)
    if (!phone) {
      leaveOut(addressee.to.role, 'no valid phone number')
      continue
    }
    if (optedOut.has(phone)) {
      leaveOut(addressee.to.role, 'opted out (replied STOP)')
      continue
    }
    const rendered = renderTemplate(template.body, await deps.values(request.payload, addressee.recipient))
    if (!rendered.ok) {
      leaveOut(addressee.to.role, `no value for ${rendered.missing.map((name) => `{{${name}}}`).join(', ')}`)
      continue
    }
    sendable.push({ ...addressee, request, text: rendered.text, phone, sendableAt: nextSendableAt(now, addressee.recipient.timeZone) })
  }

  const later = sendable.filter((message) => message.sendableAt > now).length
  deps.print(`"${templateName}" to ${options.to}, broadcast ${printable(broadcastId)}:`)
  deps.print(`  ${counted(sendable.length, 'message', 'messages')} to send${later > 0 ? `: ${sendable.length - later} now, ${later} at 08:00 in the recipient's own zone (quiet hours)` : ''}`)
  if (already > 0) deps.print(`  ${counted(already, 'recipient', 'recipients')} already queued by an earlier run of this broadcast: not sent again`)
  for (const [key, count] of left) {
    const [role, reason] = key.split('\u0000') as [string, string]
    deps.print(`  not sent to ${counted(count, role, `${role}s`)}: ${reason}`)
  }
  const sample = sendable[0]
  if (sample) {
    const who = `${printable(sample.recipient.name ?? '(no name)')} (${sample.to.role}, ${maskPhone(sample.phone)}, ${zoneOrUtc(sample.recipient.timeZone)})`
    deps.print(`Sample, to ${who}:`)
    deps.print(`  ${printable(sample.text)}`)
  }

  if (sendable.length === 0) {
    deps.print('Nothing to send.')
    return already > 0 ? EXIT.ok : EXIT.failed
  }
  if (options.dryRun) {
    deps.print('Dry run: nothing was queued.')
    return EXIT.ok
  }
  if (!options.yes) {
    const answer = await deps.prompt(`Queue ${counted(sendable.length, 'message', 'messages')}? Type yes to confirm: `)
    if (!/^(y|yes)$/i.test(answer?.trim() ?? '')) {
      deps.print('Cancelled: nothing was queued.')
      return EXIT.failed
    }
  }
  // From now, not from when the list was read: the operator may have taken a while to answer.
  const queuedAt = (deps.now ?? (() => new Date()))()
  const due = broadcastDueTimes(sendable.map((message) => (message.sendableAt > queuedAt ? message.sendableAt : queuedAt)), deps.spacingMs)
  await deps.sql.begin((tx) => deps.outbox.enqueue(tx, sendable.map((message, i) => ({ ...message.request, notBefore: due[i]! }))))
  // Not Math.max(...due): a spread of a very large broadcast would overflow the call stack.
  const last = due.reduce((latest, at) => (at > latest ? at : latest), queuedAt)
  deps.print(
    `Queued ${counted(sendable.length, 'message', 'messages')} (broadcast ${printable(broadcastId)})` +
      (deps.spacingMs > 0 ? `, one every ${(deps.spacingMs / 1000).toFixed(2)} s from the sending number, the last due ${last.toISOString()}` : '') +
      `; follow them with npm run presence -- messages list.`,
  )
  return EXIT.ok
}
