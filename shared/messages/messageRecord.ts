import type { SmsRecordStatus } from '../domain/statuses.ts'
import type { OperationRecord } from '../operations/record.ts'
import { isMessageKind, MESSAGES, type MessageKind } from './catalogue.ts'

/**
 * Where a message stands, from its outbox job and its `sms_messages` row: `queued` (not sent yet:
 * due, waiting for the recipient's daytime, or retrying after a refusal), `sending` (a call was
 * made and its answer not recorded), `sent` (Twilio took it), `logged` (the local stand-in printed
 * it), `skipped` (the number opted out), `failed` (waits for an operator).
 */
export const MESSAGE_STATES = ['queued', 'sending', 'sent', 'logged', 'skipped', 'failed'] as const
export type MessageState = (typeof MESSAGE_STATES)[number]

/** What the record needs to know of one message about its session. */
export interface MessageFacts {
  message: string
  recipientRole: string | null
  state: MessageState
  /** Twilio's delivery state from the status callbacks. */
  deliveryStatus: string | null
  /** Twilio's code for a refused send, or for an undelivered or failed delivery. */
  errorCode: string | null
  deliveryErrorCode: string | null
  createdAt: Date
  sentAt: Date | null
}

export type MessageRecordFields = Pick<OperationRecord, 'lastSms' | 'lastSmsStatus' | 'lastSmsErrorCode' | 'lastReminderSentAt'>

export const NO_MESSAGES: MessageRecordFields = { lastSms: null, lastSmsStatus: null, lastSmsErrorCode: null, lastReminderSentAt: null }

const REMINDER: MessageKind = 'pre-session-reminder'

const DELIVERY_LABELS: Record<string, SmsRecordStatus> = { delivered: 'Delivered', read: 'Delivered', undelivered: 'Undelivered', failed: 'Failed', canceled: 'Failed' }

export function smsRecordStatus(message: Pick<MessageFacts, 'state' | 'deliveryStatus'>): SmsRecordStatus {
  switch (message.state) {
    case 'queued':
      return 'Queued'
    case 'sending':
      return 'Sending'
    case 'logged':
      return 'Logged'
    case 'skipped':
      return 'Skipped'
    case 'failed':
      return 'Failed'
    case 'sent':
      return (message.deliveryStatus && DELIVERY_LABELS[message.deliveryStatus]) || 'Sent'
  }
}

/** "Pre-Session Reminder to member": the template it is written from, and who it went to. */
export function describeMessage(message: Pick<MessageFacts, 'message' | 'recipientRole'>): string {
  const name = isMessageKind(message.message) ? MESSAGES[message.message].template : message.message
  return message.recipientRole ? `${name} to ${message.recipientRole}` : name
}

/** A session's SMS fields: its newest message and how it stands, and when its last reminder went out. */
export function messageRecordFields(messages: readonly MessageFacts[]): MessageRecordFields {
  if (messages.length === 0) return NO_MESSAGES
  const last = messages.reduce((newest, message) => (message.createdAt > newest.createdAt ? message : newest))
  const reminders = messages.filter((message) => message.message === REMINDER && message.sentAt !== null && (message.state === 'sent' || message.state === 'logged'))
  const lastReminder = reminders.reduce<Date | null>((latest, message) => (latest === null || message.sentAt! > latest ? message.sentAt : latest), null)
  return {
    lastSms: describeMessage(last),
    lastSmsStatus: smsRecordStatus(last),
    lastSmsErrorCode: last.deliveryErrorCode ?? last.errorCode,
    lastReminderSentAt: lastReminder ? lastReminder.toISOString() : null,
  }
}
