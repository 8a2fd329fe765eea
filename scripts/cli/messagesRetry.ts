import { describeMessage } from '../../shared/messages/messageRecord.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import type { MessageStates, MessageView } from '../../supabase/functions/_shared/messages/messageStates.ts'
import { OPTED_OUT_CODE, PERMANENT_CODES } from '../../supabase/functions/_shared/messages/twilio/twilioErrors.ts'
import type { Outbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import type { Worker } from '../../supabase/functions/_shared/worker/worker.ts'
import { EXIT, type CliIo } from './io.ts'
import { maskNumbersIn, maskPhone } from './messagesList.ts'
import { counted, formatTime, printable } from './text.ts'

export interface RetryMessagesDeps {
  sql: Sql
  states: Pick<MessageStates, 'get' | 'list'>
  outbox: Pick<Outbox, 'retry'>
  worker: Pick<Worker, 'runUntilIdle'>
}

export type MessageRetryTarget = ({ id: number } | { failed: true }) & { force: boolean }

/**
 * Whether a failed message may be sent again. It never reached Twilio (no template, a missing
 * placeholder, no number, a refusal or outage that outlasted its attempts): yes. Its answer was
 * lost: yes, because the send asks Twilio for it before sending again. Twilio refused the number
 * for good (21211, 21614, …): only with --force, once the phone is fixed. The number replied
 * STOP: never from here; it replies START.
 */
type Verdict = { retry: true } | { retry: false; why: string }

async function verdictOf(sql: Sql, message: MessageView, force: boolean): Promise<Verdict> {
  const code = message.errorCode === null ? undefined : Number(message.errorCode)
  const [optOut] = message.toPhone
    ? await sql<{ optedOut: boolean }[]>`select opted_out as "optedOut" from sms_opt_outs where phone = ${message.toPhone}`
    : []
  if (optOut?.optedOut) {
    return { retry: false, why: 'the number replied STOP; it gets messages again once it replies START' }
  }
  if (code !== undefined && code !== OPTED_OUT_CODE && PERMANENT_CODES.has(code) && !force) {
    return { retry: false, why: `Twilio refused it for good (${code}); fix the ${message.recipientRole ?? 'recipient'}'s phone, then retry with --force` }
  }
  return { retry: true }
}

function subject(message: MessageView): string {
  return `Message ${message.jobId} (${printable(describeMessage(message))}, ${maskPhone(message.toPhone)})`
}

/** How a retried message ended, once the worker has run everything due. */
function outcome(message: MessageView): string {
  switch (message.state) {
    case 'sent':
      return `sent (${message.providerSid ?? 'no sid'})`
    case 'logged':
      return 'logged by the local stand-in'
    case 'skipped':
      return `skipped: ${printable(maskNumbersIn(message.error ?? ''))}`
    case 'queued':
      return `queued, next attempt ${formatTime(message.nextAttemptAt)}${message.error ? `: ${printable(maskNumbersIn(message.error))}` : ''}`
    case 'sending':
      return 'sending (another worker has it, or its answer is not recorded yet)'
    case 'failed':
      return `failed again: ${printable(maskNumbersIn(message.error ?? 'no error recorded'))}`
  }
}

/** Why a message that is not failed is not retried. */
function notFailed(message: MessageView): string {
  switch (message.state) {
    case 'sent':
    case 'logged':
      return `already ${message.state} at ${formatTime(message.sentAt)}; a message is never sent twice`
    case 'skipped':
      return `skipped (${printable(maskNumbersIn(message.error ?? ''))}); it is not sent`
    case 'queued':
      return `queued; the worker sends it (next attempt ${formatTime(message.nextAttemptAt)})`
    case 'sending':
      return 'being sent, or its answer was lost and the next attempt asks Twilio first'
    case 'failed':
      return 'failed'
  }
}

/**
 * `presence messages retry <id> | --failed [--force]`: re-arms failed message jobs that may be sent
 * again, runs everything due now and reports how each ended. A message that was sent is never
 * re-armed: its job is done, and only failed jobs are.
 */
export async function retryMessages(deps: RetryMessagesDeps, target: MessageRetryTarget, io: CliIo): Promise<number> {
  let candidates: MessageView[]
  if ('id' in target) {
    const message = await deps.states.get(target.id)
    if (!message) {
      io.print(`No message with id ${target.id}. List them with: npm run presence -- messages list`)
      return EXIT.failed
    }
    if (message.state !== 'failed') {
      io.print(`${subject(message)}: ${notFailed(message)}.`)
      return EXIT.ok
    }
    candidates = [message]
  } else {
    // Every failed message, up to 10,000 a run (a longer outage: run it again).
    candidates = await deps.states.list({ state: 'failed', limit: 10_000 })
    if (candidates.length === 0) {
      io.print('No failed messages to retry.')
      return EXIT.ok
    }
  }

  const verdicts = await Promise.all(candidates.map(async (message) => ({ message, verdict: await verdictOf(deps.sql, message, target.force) })))
  const held = verdicts.filter((entry) => !entry.verdict.retry)
  const chosen = verdicts.filter((entry) => entry.verdict.retry).map((entry) => entry.message)
  const ids = chosen.length === 0 ? [] : await deps.outbox.retry({ ids: chosen.map((message) => message.jobId) })
  if (ids.length > 0) await deps.worker.runUntilIdle()

  const ended = (await Promise.all(ids.map((id) => deps.states.get(id)))).filter((message): message is MessageView => message !== null)
  const count = (state: MessageView['state']) => ended.filter((message) => message.state === state).length
  if ('failed' in target) {
    io.print(
      `Retried ${counted(ended.length, 'failed message', 'failed messages')}: ${count('sent') + count('logged')} sent, ${count('queued')} queued, ` +
        `${count('skipped')} skipped, ${count('failed')} failed again; ${held.length} not retried.`,
    )
  }
  for (const message of ended) io.print(`${'failed' in target ? '  ' : ''}${subject(message)}: ${outcome(message)}.`)
  for (const { message, verdict } of held) if (!verdict.retry) io.print(`${'failed' in target ? '  ' : ''}${subject(message)}: not retried: ${verdict.why}.`)
  return ended.some((message) => message.state === 'failed') || ('id' in target && held.length > 0) ? EXIT.failed : EXIT.ok
}
