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

/**
 * Bring the Presence Operations record kept under this id (a session's or a paid session's) to
 * the current state: write it, or remove it when nothing is kept under that id any more. One key
 * per record, so two workers never write the same record at once (the outbox runs a key once at
 * a time) and the last run reads the last state.
 */
export function recordSyncJob(sessionId: string): JobRequest {
  return { kind: SESSION_JOB_KINDS.record, key: recordSyncKey(sessionId), payload: { sessionId }, runs: 'latest' }
}

export function recordSyncKey(sessionId: string): string {
  return `record.sync:${sessionId}`
}

/** The id a session's record is kept under: its paid session's when it uses one, its own otherwise. */
export function recordIdOf(session: { id: string; paidSessionId: string | null }): string {
  return session.paidSessionId ?? session.id
}

export function sessionIdOf(payload: Record<string, unknown>): string {
  const id = payload.sessionId
  if (typeof id !== 'string' || id === '') throw new Error('job payload has no sessionId')
  return id
}
