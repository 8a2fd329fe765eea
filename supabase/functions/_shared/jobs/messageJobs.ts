import type { JobRequest } from '../outbox/outbox.ts'

/**
 * Messages to people, as outbox jobs. Each runs `once` per key, ever: a replayed webhook or a
 * retried transaction never sends the same message twice. The worker runs them through
 * `_shared/messages/sendSmsJob.ts`; `payload.message` names the catalogue entry
 * (`shared/messages/catalogue.ts`).
 */
export const MESSAGE_JOB_KINDS = { sms: 'sms.send' } as const

/** "Your payment is confirmed: book your session(s)", to the member who paid. */
export function paymentConfirmationSms(purchaseId: string, memberId: string): JobRequest {
  return {
    kind: MESSAGE_JOB_KINDS.sms,
    key: `sms:payment-confirmation:${purchaseId}:member`,
    // Names the recipient, not their number: the sender reads the member's current phone.
    payload: { message: 'payment-confirmation', purchaseId, to: { role: 'member', memberId } },
    runs: 'once',
  }
}
