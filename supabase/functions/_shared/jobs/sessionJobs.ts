import type { JobRequest } from '../outbox/outbox.ts'

/**
 * The outgoing work a session needs, as outbox jobs. Both run `latest`: each run brings the
 * provider to the session's state at that moment, so asking again while one is queued costs
 * nothing and asking while one runs costs one more run.
 */
export const SESSION_JOB_KINDS = { room: 'room.sync', record: 'record.sync', recordRemoval: 'record.remove' } as const

/** Create, move or delete the session's video room to match its booking. */
export function roomSyncJob(sessionId: string): JobRequest {
  return { kind: SESSION_JOB_KINDS.room, key: `room.sync:${sessionId}`, payload: { sessionId }, runs: 'latest' }
}

/**
 * Write the Presence Operations record of a session or a paid session (either id): a booking on
 * a paid session writes the paid session's record.
 */
export function recordSyncJob(sessionId: string): JobRequest {
  return { kind: SESSION_JOB_KINDS.record, key: recordSyncKey(sessionId), payload: { sessionId }, runs: 'latest' }
}

export function recordSyncKey(sessionId: string): string {
  return `record.sync:${sessionId}`
}

/** Remove the record kept under a session's own id: it merged into another, or moved onto its paid session's record. */
export function recordRemovalJob(sessionId: string): JobRequest {
  return { kind: SESSION_JOB_KINDS.recordRemoval, key: `record.remove:${sessionId}`, payload: { sessionId }, runs: 'latest' }
}

export function sessionIdOf(payload: Record<string, unknown>): string {
  const id = payload.sessionId
  if (typeof id !== 'string' || id === '') throw new Error('job payload has no sessionId')
  return id
}
