import type { JobRequest } from '../outbox/outbox.ts'

/**
 * Messages to people, as outbox jobs. Each runs `once` per key, ever: a replayed webhook or a
 * retried transaction never sends the same message twice. The worker runs them through
 * `_shared/messages/sendSmsJob.ts`; `payload.message` names the catalogue entry
 * (`shared/messages/catalogue.ts`). A message about a session names it in `payload.sessionId`
 * (its `sessions.id`): `presence messages list --session` and the record's SMS fields find it so.
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

/** The kinds of message about one session (`shared/messages/catalogue.ts`), each to one side. */
export type SessionMessageKind = 'booking-confirmation' | 'booking-rescheduled' | 'booking-cancelled' | 'pre-session-reminder'

/**
 * A message about one session to one side, keyed by the start time it announces: a replay asks
 * for the same job, a reschedule for a new one (a reminder sent for the old time does not stop
 * the one for the new time).
 */
export function sessionSms(
  kind: SessionMessageKind,
  session: { id: string; hostId: string | null; memberId: string | null },
  role: 'member' | 'host',
  start: string,
  extra: { previousStart?: string } = {},
): JobRequest | null {
  const to = role === 'member' ? (session.memberId ? { role, memberId: session.memberId } : null) : session.hostId ? { role, hostId: session.hostId } : null
  // Nobody linked on that side (an attendee not in Members): there is no one to address.
  if (!to) return null
  const announced = new Date(start).toISOString()
  return {
    kind: MESSAGE_JOB_KINDS.sms,
    key: `sms:${kind}:${session.id}:${role}:${announced}`,
    payload: { message: kind, sessionId: session.id, start: announced, ...extra, to },
    runs: 'once',
  }
}

/** "Inactive 48h Reminder": once per gap, the gap named by the member's last completed session. */
export function inactivitySms(memberId: string, lastSessionId: string): JobRequest {
  return {
    kind: MESSAGE_JOB_KINDS.sms,
    key: `sms:inactive-48h:${memberId}:${lastSessionId}`,
    payload: { message: 'inactive-48h', sessionId: lastSessionId, to: { role: 'member', memberId } },
    runs: 'once',
  }
}
