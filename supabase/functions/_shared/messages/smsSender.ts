/** One SMS to one number. */
export interface OutgoingSms {
  to: string
  body: string
}

/** What the provider made of it: its id for the message and its first status. */
export interface AcceptedSms {
  sid: string
  status: string
}

/**
 * Sends SMS. `twilio` is the real service; `log` is the local stand-in, which prints the message
 * and sends nothing.
 */
export interface SmsSender {
  readonly kind: 'twilio' | 'log'
  send(sms: OutgoingSms): Promise<AcceptedSms>
  /**
   * The message an earlier call created, if the provider has one to `to` with this body since
   * `since`: asked before sending again when that call's answer was lost (a crash, a timeout).
   */
  findSent(sms: OutgoingSms, since: Date): Promise<AcceptedSms | null>
}
