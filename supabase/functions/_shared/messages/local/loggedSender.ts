import type { Logger } from '../../runtime/logger.ts'
import type { SmsSender } from '../smsSender.ts'

/**
 * The local stand-in for Twilio, used when no Twilio credentials are set: each message is printed
 * (number and body, which hold no secret) and marked "logged". Nothing leaves the machine.
 */
export function createLoggedSender(log: Logger): SmsSender {
  return {
    kind: 'log',
    async send(sms) {
      log.log('info', 'SMS (local stand-in for Twilio; not sent)', { to: sms.to, body: sms.body })
      return { sid: `logged-${crypto.randomUUID()}`, status: 'logged' }
    },
    // Printing again is the worst a lost answer can cost here.
    async findSent() {
      return null
    },
  }
}
