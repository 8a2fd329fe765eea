import { z } from 'zod'
import { toE164 } from '../../../../shared/auth/phone.ts'
import { isMessageKind, MESSAGES, type MessageKind, type MessageSpec } from '../../../../shared/messages/catalogue.ts'
import { nextSendableAt } from '../../../../shared/messages/quietHours.ts'
import { renderTemplate } from '../../../../shared/templates/renderTemplate.ts'
import { describeError, UnprocessableError } from '../errors.ts'
import type { JobHandler } from '../jobs/jobHandler.ts'
import type { Job } from '../outbox/outbox.ts'
import type { RetryPolicy } from '../retry/retryPolicy.ts'
import type { Directory } from '../store/directory.ts'
import type { Recipient, ValuesFor } from './messageValues.ts'
import type { SmsIdentity, SmsMessages } from './smsMessages.ts'
import type { SmsSender } from './smsSender.ts'
import { OPTED_OUT_CODE, TwilioApiError } from './twilio/twilioErrors.ts'

/** No retry can send this message (no template, a placeholder without a value, no number): an operator must fix it. */
export class MessageNotSendableError extends UnprocessableError {
  constructor(message: string) {
    super(message, 'message_not_sendable')
  }
}

/** A non-urgent message due in the recipient's night: the job comes back at their 08:00. */
export class QuietHoursError extends Error {
  readonly retryAfterMs: number
  constructor(readonly until: Date, now: Date) {
    super(`quiet hours in the recipient's zone: waits until ${until.toISOString()}`)
    this.retryAfterMs = until.getTime() - now.getTime()
  }
}

const payloadSchema = z.looseObject({
  message: z.string().refine(isMessageKind, 'is not a message the catalogue knows'),
  to: z.union([z.object({ role: z.literal('member'), memberId: z.string().min(1) }), z.object({ role: z.literal('host'), hostId: z.string().min(1) })]),
})

export interface SendSmsJobDeps {
  sender: SmsSender
  /** The sender's own policy (Twilio's 429s, 5xx and timeouts, or the stand-in's). */
  senderRetry: RetryPolicy
  messages: SmsMessages
  directory: Directory
  values: Record<MessageKind, ValuesFor>
  /** Why a message queued earlier must not go now (its session moved, was cancelled or started): recorded as skipped. */
  skipReason?: (kind: MessageKind, payload: Record<string, unknown>, now: Date) => Promise<string | null>
  /** What each kind is (tests try a kind's other urgency); the catalogue by default. */
  catalogue?: Record<MessageKind, MessageSpec>
  now?: () => Date
}

/**
 * `sms.send`: one message from the catalogue to one person, at most once. The recipient's phone
 * and zone are read now (they may have changed since it was queued); the template is filled and
 * checked before anything is sent; the row is written as `sending` before the call, so a retry
 * whose previous call's answer was lost asks the provider before sending again.
 */
export function createSendSmsJob(deps: SendSmsJobDeps): JobHandler {
  const now = deps.now ?? (() => new Date())
  const catalogue = deps.catalogue ?? MESSAGES

  async function recipientOf(to: z.infer<typeof payloadSchema>['to']): Promise<Recipient | null> {
    const person = to.role === 'member' ? await deps.directory.getMember(to.memberId) : await deps.directory.getHost(to.hostId)
    return person ? { id: person.id, name: person.name || null, phone: person.phone || null, timeZone: person.timeZone || null } : null
  }

  async function refuse(identity: SmsIdentity, reason: string, content: { toPhone?: string | null; body?: string | null } = {}): Promise<never> {
    await deps.messages.markFailed(identity, reason, null, content)
    throw new MessageNotSendableError(reason)
  }

  async function run(job: Job): Promise<void> {
    const parsed = payloadSchema.safeParse(job.payload)
    if (!parsed.success) throw new MessageNotSendableError(`sms.send payload: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}`)
    const kind = parsed.data.message as MessageKind
    const spec = catalogue[kind]
    const to = parsed.data.to
    const identity: SmsIdentity = { jobKey: job.idempotencyKey, message: kind, recipientRole: to.role, recipientId: to.role === 'member' ? to.memberId : to.hostId }

    const previous = await deps.messages.get(job.idempotencyKey)
    // Finished by an attempt that crashed before the job was marked done.
    if (previous && ['sent', 'logged', 'skipped'].includes(previous.status)) return

    const recipient = await recipientOf(to)
    if (!recipient) return refuse(identity, `no ${to.role} with id ${identity.recipientId}`)
    const phone = toE164(recipient.phone)
    if (!phone) return refuse(identity, `the ${to.role} has no valid phone number (${JSON.stringify(recipient.phone ?? '')})`, { toPhone: recipient.phone })

    const stale = await deps.skipReason?.(kind, job.payload, now())
    if (stale) {
      await deps.messages.markSkipped(identity, phone, stale)
      return
    }

    if (!spec.urgent) {
      const due = now()
      const at = nextSendableAt(due, recipient.timeZone)
      if (at > due) throw new QuietHoursError(at, due)
    }
    if (await deps.messages.isOptedOut(phone)) {
      await deps.messages.markSkipped(identity, phone, 'the number replied STOP')
      return
    }

    const template = await deps.directory.getTemplate(spec.template)
    if (!template || !template.body.trim()) return refuse(identity, `no "${spec.template}" template in Templates`, { toPhone: phone })
    const rendered = renderTemplate(template.body, await deps.values[kind](job.payload, recipient))
    if (!rendered.ok) return refuse(identity, `"${spec.template}" has no value for ${rendered.missing.map((name) => `{{${name}}}`).join(', ')}`, { toPhone: phone })
    const sms = { to: phone, body: rendered.text }

    // The last call's answer was lost: what it sent may have gone out (to the number and text of
    // then, even if either changed since), so ask before sending again. A failed look-up leaves
    // the row `sending`, so the next attempt asks again.
    if (previous?.status === 'sending' && previous.sendingSince && previous.toPhone && previous.body) {
      const found = await deps.sender.findSent({ to: previous.toPhone, body: previous.body }, previous.sendingSince)
      if (found) return deps.messages.markSent(identity, 'sent', found.sid, found.status)
    }

    await deps.messages.markSending(identity, sms.to, sms.body, now())
    let accepted
    try {
      accepted = await deps.sender.send(sms)
    } catch (error) {
      await recordFailure(identity, sms.to, error)
      throw error
    }
    await deps.messages.markSent(identity, deps.sender.kind === 'log' ? 'logged' : 'sent', accepted.sid, accepted.status)
  }

  async function recordFailure(identity: SmsIdentity, phone: string, error: unknown): Promise<void> {
    const reason = describeError(error)
    if (!(error instanceof TwilioApiError)) return deps.messages.markInDoubt(identity, reason)
    const code = error.twilioCode === undefined ? null : String(error.twilioCode)
    if (error.twilioCode === OPTED_OUT_CODE) await deps.messages.recordOptOut(phone, true, now(), 'Twilio 21610 (replied STOP)')
    if (!error.retryable) return deps.messages.markFailed(identity, reason, code)
    if (error.outcome === 'refused') return deps.messages.markRefused(identity, reason, code)
    return deps.messages.markInDoubt(identity, reason)
  }

  return { retry: deps.senderRetry, run }
}
