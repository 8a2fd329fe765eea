/** What a session's room should be: private, open from `nbf`, closed (and emptied) at `exp`. */
export interface RoomSpec {
  name: string
  nbf: Date
  exp: Date
}

export interface Room {
  name: string
  url: string
  nbf: Date
  exp: Date
}

export interface MeetingTokenRequest {
  roomName: string
  userName: string
  userId: string
  /** Hosts join as room owners. */
  isOwner: boolean
  nbf?: Date
  exp: Date
}

/** Daily.co, or the local stand-in the offline stack serves. */
export interface RoomProvider {
  readonly kind: 'daily' | 'local'
  /** Creates the room, or brings an existing one of that name to the spec. Idempotent. */
  ensureRoom(spec: RoomSpec): Promise<Room>
  /** Deletes the room; a room that is already gone counts as deleted. */
  deleteRoom(name: string): Promise<void>
  /** A meeting token for one person, signed locally: joining costs no API call. */
  createMeetingToken(request: MeetingTokenRequest): Promise<string>
}

/** Room names are `[A-Za-z0-9_-]{1,128}`; derived from the session id so retries reuse them. */
export function roomNameFor(sessionId: string): string {
  return `presence-${sessionId.replace(/[^A-Za-z0-9]/g, '').toLowerCase()}`
}
