/**
 * Every SMS the product sends, in one place: the Templates row it is written from, who gets it,
 * the placeholders the sender fills (a template may use any of them, and only them), and whether
 * it goes at once or waits for the recipient's daytime (see quietHours.ts).
 */
export interface MessageSpec {
  template: string
  recipient: 'member' | 'host'
  placeholders: readonly string[]
  urgent: boolean
}

export const MESSAGES = {
  /** Sent when a purchase is paid: what was bought and where to book it. */
  'payment-confirmation': {
    template: 'Payment Confirmation',
    recipient: 'member',
    placeholders: ['memberName', 'planName', 'hostName', 'bookUrl'],
    urgent: true,
  },
} as const satisfies Record<string, MessageSpec>

export type MessageKind = keyof typeof MESSAGES

export const MESSAGE_KINDS = Object.keys(MESSAGES) as MessageKind[]

export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === 'string' && Object.hasOwn(MESSAGES, value)
}
