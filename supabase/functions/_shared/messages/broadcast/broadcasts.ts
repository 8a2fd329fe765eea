import type { MessageKind } from '../../../../../shared/messages/catalogue.ts'
import { MESSAGE_JOB_KINDS } from '../../jobs/messageJobs.ts'
import type { JobRequest } from '../../outbox/outbox.ts'

/** The Templates an operator may broadcast (`presence messages broadcast --template`), each sent as its catalogue kind. */
export const BROADCASTS = { 'Holiday Message': 'holiday' } as const satisfies Record<string, MessageKind>
export type BroadcastTemplate = keyof typeof BROADCASTS

export const BROADCAST_AUDIENCES = ['members', 'hosts', 'all'] as const
export type BroadcastAudience = (typeof BROADCAST_AUDIENCES)[number]

/** Names one sending of a broadcast in its job keys: the operator's, or the day's date. */
export const BROADCAST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export type BroadcastTo = { role: 'member'; memberId: string } | { role: 'host'; hostId: string }

/**
 * One recipient's message of a broadcast, keyed by its kind (so its template), the broadcast id
 * and the recipient: running the same broadcast again asks for the same jobs, and `once` work
 * runs once per key, ever, so nobody gets it twice.
 */
export function broadcastSms(kind: MessageKind, broadcastId: string, to: BroadcastTo): JobRequest {
  const id = to.role === 'member' ? to.memberId : to.hostId
  return { kind: MESSAGE_JOB_KINDS.sms, key: `sms:broadcast:${kind}:${broadcastId}:${to.role}:${id}`, payload: { message: kind, broadcastId, to }, runs: 'once' }
}
