/**
 * Every SMS the product sends, in one place: the Templates row it is written from, who gets it,
 * the placeholders the sender fills (a template may use any of them, and only them), and whether
 * it goes at once or waits for the recipient's daytime (see quietHours.ts).
 */
export interface MessageSpec {
  template: string
  /** `both`: the member and the host each get their own (each with their own link and zone). */
  recipient: 'member' | 'host' | 'both'
  placeholders: readonly string[]
  urgent: boolean
}

/**
 * What every message about one session can say. Times are in the recipient's zone and name it
 * (`startTime` "Sat 3 Apr 2027, 2:30 am AEDT", `sessionTime` the whole range, each end with its
 * own offset when a DST change falls inside); `timeZone` is the IANA zone they were written in.
 */
const SESSION_PLACEHOLDERS = ['memberName', 'hostName', 'recipientName', 'otherName', 'startTime', 'sessionTime', 'timeZone', 'joinUrl', 'rebookUrl'] as const

export const MESSAGES = {
  /** Sent when a purchase is paid: what was bought and where to book it. */
  'payment-confirmation': {
    template: 'Payment Confirmation',
    recipient: 'member',
    placeholders: ['memberName', 'planName', 'hostName', 'bookUrl'],
    urgent: true,
  },
  /** A paid session is booked (or a request accepted), to both: when, in their zone, and their own link. */
  'booking-confirmation': {
    template: 'Booking Confirmation',
    recipient: 'both',
    placeholders: SESSION_PLACEHOLDERS,
    urgent: true,
  },
  /** The session moved, to both: the new time. */
  'booking-rescheduled': {
    template: 'Reschedule Notice',
    recipient: 'both',
    placeholders: [...SESSION_PLACEHOLDERS, 'previousStartTime'],
    urgent: true,
  },
  /** The session was cancelled, to the other party (both when Cal.com did not say who cancelled). */
  'booking-cancelled': {
    template: 'Cancellation Notice',
    recipient: 'both',
    placeholders: [...SESSION_PLACEHOLDERS, 'cancelledBy', 'cancellationReason'],
    urgent: true,
  },
  /** One hour before the start, to both (the scheduler queues it; never once the session has started). */
  'pre-session-reminder': {
    template: 'Pre-Session Reminder',
    recipient: 'both',
    placeholders: SESSION_PLACEHOLDERS,
    urgent: true,
  },
  /** 48 hours after a member's last completed session with nothing booked since; once per gap, in their daytime. */
  'inactive-48h': {
    template: 'Inactive 48h Reminder',
    recipient: 'member',
    placeholders: ['memberName', 'hostName', 'recipientName', 'rebookUrl'],
    urgent: false,
  },
  /** When a session the member attended is completed (README, "Attendance and payouts"): thanks, and where to book that host again. */
  'post-session-thank-you': {
    template: 'Post-Session Thank You',
    recipient: 'member',
    placeholders: ['memberName', 'hostName', 'recipientName', 'rebookUrl'],
    // It follows the session the member has just left: they are awake.
    urgent: true,
  },
  /**
   * An operator's broadcast (`presence messages broadcast --template "Holiday Message"`), to every
   * member and/or active host once per broadcast id. `memberName` and `rebookUrl` have values only
   * for members and `hostName` only for hosts: a template for everyone uses `recipientName` and `dashboardUrl`.
   */
  holiday: {
    template: 'Holiday Message',
    recipient: 'both',
    placeholders: ['recipientName', 'memberName', 'hostName', 'rebookUrl', 'dashboardUrl'],
    urgent: false,
  },
} as const satisfies Record<string, MessageSpec>

export type MessageKind = keyof typeof MESSAGES

export const MESSAGE_KINDS = Object.keys(MESSAGES) as MessageKind[]

export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === 'string' && Object.hasOwn(MESSAGES, value)
}
