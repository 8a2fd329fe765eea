import type { JobRequest } from '../outbox/outbox.ts'

/**
 * The outgoing work a session needs, as outbox jobs. Both run `latest`: each run brings the
 * provider to the session's state at that moment, so asking again while one is queued costs
 * nothing and asking while one runs costs one more run.
 */
export const SESSION_JOB_KINDS = { room: 'room.sync', record: 'record.sync' } as const

/** Create, move or delete the session's video room to match its booking. */
export function roomSyncJob(sessionId: string): JobRequest {
  return { kind: SESSION_JOB_KINDS.room, key: `room.sync:${sessionId}`, payload: { sessionId }, runs: 'latest' }
}

/** Write the session's Presence Operations record. */
export function recordSyncJob(sessionId: string): JobRequest {
  return { kind: SESSION_JOB_KINDS.record, key: `record.sync:${sessionId}`, payload: { sessionId }, runs: 'latest' }
}

export function sessionIdOf(payload: Record<string, unknown>): string {
  const id = payload.sessionId
  if (typeof id !== 'string' || id === '') throw new Error('job payload has no sessionId')
  return id
}
