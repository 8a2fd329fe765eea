import { optOutIntent } from '../../../shared/messages/optOut.ts'
import type { InboxProcessor } from '../_shared/inbox/processor.ts'
import type { MessageRecordSync } from '../_shared/messages/messageRecordSync.ts'
import type { SmsMessages } from '../_shared/messages/smsMessages.ts'
import { TWILIO_EVENT_TYPES } from '../_shared/messages/twilio/twilioEvents.ts'

/** A callback for a message whose send has not recorded its sid yet: the inbox tries again later. */
export class MessageNotYetKnownError extends Error {}

/**
 * Twilio's deliveries, recorded by sms-status: a status callback moves its message's delivery
 * state forward (never back, whatever order they come in) and re-syncs its session's record; an inbound STOP or START records the
 * number's choice, the later reply winning.
 */
export function createTwilioProcessor(deps: { messages: SmsMessages; recordSync: Pick<MessageRecordSync, 'afterDelivery'> }): InboxProcessor {
  return {
    async process(delivery) {
      const params = new URLSearchParams(delivery.rawBody)
      if (delivery.eventType === TWILIO_EVENT_TYPES.status) {
        const sid = params.get('MessageSid') ?? params.get('SmsSid') ?? ''
        const status = params.get('MessageStatus') ?? params.get('SmsStatus') ?? ''
        const result = await deps.messages.recordDelivery(sid, status, params.get('ErrorCode'))
        if (result === null) throw new MessageNotYetKnownError(`no message with Twilio sid ${sid} (yet)`)
        if (result === 'moved') await deps.recordSync.afterDelivery(sid)
        return result === 'moved' ? { outcome: 'processed' } : { outcome: 'ignored', reason: `the message is already past "${status}"` }
      }
      if (delivery.eventType === TWILIO_EVENT_TYPES.inbound) {
        const from = params.get('From') ?? ''
        const intent = optOutIntent(params.get('Body') ?? '')
        if (!intent || !from) return { outcome: 'ignored', reason: 'not an opt-out or opt-in keyword' }
        await deps.messages.recordOptOut(from, intent === 'opt-out', delivery.receivedAt, `replied ${(params.get('Body') ?? '').trim().toUpperCase()}`)
        return { outcome: 'processed' }
      }
      return { outcome: 'ignored', reason: `not a Twilio event this processor knows (${delivery.eventType ?? 'none'})` }
    },
  }
}
