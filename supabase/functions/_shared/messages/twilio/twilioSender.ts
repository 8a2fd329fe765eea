import { z } from 'zod'
import type { AcceptedSms, OutgoingSms, SmsSender } from '../smsSender.ts'
import { createTwilioApi } from './twilioApi.ts'

export interface TwilioSenderOptions {
  accountSid: string
  authToken: string
  /** A Twilio number (E.164) to send from, or a Messaging Service that picks one. */
  from: { number: string } | { messagingServiceSid: string }
  apiUrl: string
  /** The `sms-status` function's URL, where Twilio posts each message's delivery states. */
  statusCallback: string
  fetch?: typeof fetch
  timeoutMs?: number
}

/** The Message resource, as far as we read it. */
const messageSchema = z.looseObject({
  sid: z.string().min(1),
  status: z.string(),
  to: z.string().nullable().optional(),
  body: z.string().nullable().optional(),
  date_created: z.string().nullable().optional(),
})
const messageListSchema = z.looseObject({ messages: z.array(messageSchema) })

/**
 * Twilio's Messages API with fetch. Nothing in a send could make Twilio send twice on a retry
 * (the API takes no idempotency key): the caller records each call before making it and asks
 * `findSent` when an answer was lost.
 */
export function createTwilioSender(options: TwilioSenderOptions): SmsSender {
  const api = createTwilioApi({ accountSid: options.accountSid, authToken: options.authToken, apiUrl: options.apiUrl, fetch: options.fetch, timeoutMs: options.timeoutMs ?? 10_000 })
  const sender: Record<string, string> = 'number' in options.from ? { From: options.from.number } : { MessagingServiceSid: options.from.messagingServiceSid }

  return {
    kind: 'twilio',
    async send(sms: OutgoingSms): Promise<AcceptedSms> {
      const message = await api(messageSchema, {
        method: 'POST',
        path: '/Messages.json',
        params: { To: sms.to, ...sender, Body: sms.body, StatusCallback: options.statusCallback },
        label: `send SMS to ${sms.to}`,
      })
      return { sid: message.sid, status: message.status }
    },
    async findSent(sms: OutgoingSms, since: Date): Promise<AcceptedSms | null> {
      // Newest first; a number gets a few messages a day, so the last 50 reach well past a lost answer.
      const list = await api(messageListSchema, { method: 'GET', path: '/Messages.json', params: { To: sms.to, PageSize: '50' }, label: `list SMS to ${sms.to}` })
      // Twilio's dates have whole seconds: a message created in the second the call began counts.
      const from = Math.floor(since.getTime() / 1000) * 1000
      const match = list.messages.find((message) => message.body === sms.body && message.date_created && Date.parse(message.date_created) >= from)
      return match ? { sid: match.sid, status: match.status } : null
    },
  }
}
