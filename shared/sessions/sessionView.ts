import type { BookingStatus, RoomStatus } from '../domain/statuses.ts'
import type { JoinWindowState } from '../domain/sessionTimes.ts'

export type Role = 'host' | 'member'
export const ROLES: readonly Role[] = ['host', 'member']

/**
 * What the `session` function returns for a valid link (GET), and after each POST action.
 * Times are ISO 8601 UTC; the browser shows them in the viewer's own time zone.
 */
export interface SessionView {
  /** The booking's current uid (differs from the link's after a reschedule). */
  bookingId: string
  role: Role
  bookingStatus: BookingStatus
  title: string | null
  hostName: string | null
  memberName: string | null
  start: string
  end: string
  cancellationReason: string | null
  roomStatus: RoomStatus
  joinWindow: {
    /** 15 minutes before the start. */
    opensAt: string
    /** The end plus a short grace. */
    closesAt: string
    state: JoinWindowState
  }
  /** The server's clock when it answered, so a countdown is right even if the browser's clock is off. */
  serverTime: string
  /** From the Templates table, placeholders filled: shown before the session and after leaving. */
  prompts: { preSession: string | null; postSession: string | null }
  joined: { host: boolean; member: boolean }
  /** This viewer's own rating, once given. */
  rating: { stars: number; comment: string | null } | null
  /** Only inside the join window, for a booked session with a room: how to enter it. */
  join: {
    provider: 'daily' | 'local'
    roomUrl: string
    /** Meeting token for this person (host: owner); expires with the room. */
    token: string
    expiresAt: string
  } | null
}

/** Error bodies of the session endpoints: `error` is machine-readable, `message` is for people. */
export interface SessionError {
  error: 'invalid_request' | 'invalid_link' | 'link_expired' | 'not_found' | 'not_joinable' | 'provider_unavailable' | 'provider_error' | string
  message: string
}

/** POST body of the `session` function. */
export type SessionAction =
  | { action: 'joined'; bookingId: string; userType: Role; token: string }
  | { action: 'rate'; bookingId: string; userType: Role; token: string; stars: number; comment?: string }
