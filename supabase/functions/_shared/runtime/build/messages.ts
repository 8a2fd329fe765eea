import { MESSAGE_JOB_KINDS } from '../../jobs/messageJobs.ts'
import type { JobHandler } from '../../jobs/jobHandler.ts'
import { createLoggedSender } from '../../messages/local/loggedSender.ts'
import { createMessageValues } from '../../messages/messageValues.ts'
import { createSendSmsJob } from '../../messages/sendSmsJob.ts'
import { createSessionMessageChecks } from '../../scheduler/sessionMessages.ts'
import { createSmsMessages, type SmsMessages } from '../../messages/smsMessages.ts'
import { pacedSender } from '../../messages/pacedSender.ts'
import { createSharedRateLimiter } from '../../rateLimit/sharedRateLimiter.ts'
import type { SmsSender } from '../../messages/smsSender.ts'
import { TWILIO_RETRY } from '../../messages/twilio/twilioErrors.ts'
import { smsStatusUrl } from '../../messages/twilio/twilioEvents.ts'
import { createTwilioSender } from '../../messages/twilio/twilioSender.ts'
import { defaultPolicy, type RetryPolicy } from '../../retry/retryPolicy.ts'
import { memoised, type Runtime } from '../runtime.ts'
import { directoryOf } from './directory.ts'
import { messageRecordSyncOf } from './messageStates.ts'

const LOGGED_SMS_RETRY = defaultPolicy({ maxAttempts: 10, baseMs: 1_000, maxMs: 60_000 })

/** A long code sends about one message a second; Twilio answers 429 (20429) beyond it. */
export const TWILIO_SENDS_PER_SECOND_PER_NUMBER = 1

/**
 * Added to each second between sends. Twilio counts arrivals, and one send delayed on its way
 * (a busy event loop, the network) arrives too close to the next: 5% of the rate buys room for that.
 */
const TWILIO_SLACK_MS = 50

/** The shared rate limit of one sending number (`rate_limits.key`). */
export function twilioSenderKey(accountSid: string, number: string): string {
  return `twilio:${accountSid}:${number}`
}

export function smsMessagesOf(rt: Runtime): SmsMessages {
  return memoised(rt, 'smsMessages', () => createSmsMessages(rt.sql))
}

export interface SmsSending {
  sender: SmsSender
  retry: RetryPolicy
  /** The time between two sends the sender keeps (0: not paced), so a broadcast can be queued at that pace. */
  spacingMs: number
}

/** SMS: Twilio when configured, else the local stand-in that prints each message. */
export function smsSenderOf(rt: Runtime): SmsSending {
  return memoised(rt, 'smsSender', () => {
    const twilio = rt.config.twilio
    if (!twilio) return { sender: createLoggedSender(rt.log), retry: LOGGED_SMS_RETRY, spacingMs: 0 }
    const from = twilio.messagingServiceSid ? { messagingServiceSid: twilio.messagingServiceSid } : { number: twilio.from! }
    const sender = createTwilioSender({ accountSid: twilio.accountSid, authToken: twilio.authToken, from, apiUrl: twilio.apiUrl, statusCallback: smsStatusUrl(rt.config), fetch: rt.fetch })
    // A Messaging Service spreads its messages over its pool of numbers and queues them itself.
    if ('messagingServiceSid' in from) return { sender, retry: TWILIO_RETRY, spacingMs: 0 }
    const limiter = createSharedRateLimiter({
      sql: rt.sql,
      key: twilioSenderKey(twilio.accountSid, from.number),
      requestsPerSecond: TWILIO_SENDS_PER_SECOND_PER_NUMBER,
      slackMs: TWILIO_SLACK_MS,
    })
    return { sender: pacedSender(sender, limiter), retry: TWILIO_RETRY, spacingMs: limiter.spacingMs }
  })
}

export function smsJobOf(rt: Runtime): Record<string, JobHandler> {
  const { sender, retry } = smsSenderOf(rt)
  const directory = directoryOf(rt)
  return {
    [MESSAGE_JOB_KINDS.sms]: messageRecordSyncOf(rt).around(createSendSmsJob({
      sender,
      senderRetry: retry,
      messages: smsMessagesOf(rt),
      directory,
      values: createMessageValues({ sql: rt.sql, directory, appUrl: rt.config.appUrl, linkSecret: rt.config.linkSigningSecret }),
      skipReason: createSessionMessageChecks({ sql: rt.sql }),
    })),
  }
}
