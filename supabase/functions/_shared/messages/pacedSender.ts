import type { RateLimiter } from '../store/airtable/rateLimiter.ts'
import type { SmsSender } from './smsSender.ts'
import { TwilioApiError } from './twilio/twilioErrors.ts'

/** How long every sender from the number holds off after a 429 that names no wait (the spacing already covers about this). */
const PAUSE_AFTER_429_MS = 1_000

/**
 * A sender that takes a slot from `limiter` before each send. Twilio sends about one message a
 * second from a long code and answers 429 (20429) to a burst, so every worker and function
 * sending from the same number shares one limiter (kept in Postgres: `_shared/rateLimit/`), and a
 * 429 that still comes holds all of them off. Looking a message up costs no slot: it sends nothing.
 */
export function pacedSender(sender: SmsSender, limiter: RateLimiter): SmsSender {
  return {
    kind: sender.kind,
    async send(sms) {
      await limiter.acquire()
      try {
        return await sender.send(sms)
      } catch (error) {
        if (error instanceof TwilioApiError && (error.status === 429 || error.twilioCode === 20429)) await limiter.pauseFor(error.retryAfterMs ?? PAUSE_AFTER_429_MS)
        throw error
      }
    },
    findSent: (sms, since) => sender.findSent(sms, since),
  }
}
