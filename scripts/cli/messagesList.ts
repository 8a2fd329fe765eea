import { describeMessage, type MessageState } from '../../shared/messages/messageRecord.ts'
import type { MessageStates, MessageView } from '../../supabase/functions/_shared/messages/messageStates.ts'
import { EXIT, type Print } from './io.ts'
import { formatTable, formatTime, printable, truncate } from './text.ts'

export interface MessageListOptions {
  state?: MessageState
  /** The record's `Session ID` (a paid session's) or a booking session's id. */
  session?: string
  limit: number
  json: boolean
}

/**
 * "+614*****009": enough to tell numbers apart and recognise one, not enough to dial. A list is
 * copied into tickets and chats; `messages list` never prints a whole number.
 */
export function maskPhone(phone: string | null): string {
  if (!phone) return '-'
  const chars = Array.from(phone)
  if (chars.length <= 7) return '*'.repeat(chars.length)
  return `${chars.slice(0, 4).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-3).join('')}`
}

/** Errors name the number they were about ("send SMS to +614…"): masked like the column. */
export function maskNumbersIn(text: string): string {
  return text.replace(/\+\d{7,15}/g, (phone) => maskPhone(phone))
}

/** Twilio's delivery state with its error code: "delivered", "undelivered 30003". */
function delivery(message: MessageView): string {
  if (!message.deliveryStatus) return '-'
  return message.deliveryErrorCode ? `${message.deliveryStatus} ${message.deliveryErrorCode}` : message.deliveryStatus
}

/** Why it stands where it does: the error, or when a queued one goes next. */
function note(message: MessageView): string {
  if (message.state === 'queued' && message.jobStatus === 'pending' && message.error) return `next attempt ${formatTime(message.nextAttemptAt)}: ${maskNumbersIn(message.error)}`
  if (message.state === 'sent' || message.state === 'logged') return ''
  return maskNumbersIn(message.error ?? '')
}

/** What `--json` prints: the list's facts, with the number masked as in the table. */
function forJson(message: MessageView) {
  return {
    ...message,
    toPhone: maskPhone(message.toPhone),
    error: message.error === null ? null : maskNumbersIn(message.error),
    template: describeMessage({ message: message.message, recipientRole: null }),
  }
}

/** `presence messages list`: the newest messages (their jobs and rows together), as a table or as JSON. */
export async function listMessages(states: Pick<MessageStates, 'list' | 'sessionsOfRecord'>, options: MessageListOptions, print: Print): Promise<number> {
  const sessionIds = options.session === undefined ? undefined : await states.sessionsOfRecord(options.session)
  const messages = await states.list({ state: options.state, sessionIds, limit: options.limit })
  if (options.json) {
    print(JSON.stringify(messages.map(forJson), null, 2))
    return EXIT.ok
  }
  if (messages.length === 0) {
    const what = options.state ? `${options.state} messages` : 'messages'
    print(options.session === undefined ? `No ${what}.` : `No ${what} about session ${printable(options.session)}.`)
    return EXIT.ok
  }
  const rows = messages.map((message) => [
    String(message.jobId),
    truncate(printable(describeMessage({ message: message.message, recipientRole: null })), 28),
    `${message.recipientRole ?? '?'} ${maskPhone(message.toPhone)}`,
    message.state,
    printable(delivery(message)),
    printable(message.deliveryErrorCode ?? message.errorCode ?? '-'),
    formatTime(message.createdAt),
    formatTime(message.sentAt),
    truncate(printable(note(message)), 60),
  ])
  for (const line of formatTable(['ID', 'TEMPLATE', 'TO', 'STATE', 'DELIVERY', 'CODE', 'QUEUED (UTC)', 'SENT (UTC)', 'NOTE'], rows)) print(line)
  if (messages.length === options.limit) print(`(the newest ${options.limit}; pass --limit N for more)`)
  return EXIT.ok
}
