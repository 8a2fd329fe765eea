import type { Config } from '../../../../../shared/config/loadConfig.ts'

/** Twilio's two kinds of request to sms-status, as the inbox records their type. */
export const TWILIO_EVENT_TYPES = { status: 'message.status', inbound: 'message.inbound' } as const

/** Where Twilio posts delivery states and inbound messages: the sms-status function, as Twilio calls it (and signs it). */
export function smsStatusUrl(config: Config): string {
  return `${config.functionsUrl}/sms-status`
}
