import { verifyJwtHs256 } from '../../../../../shared/crypto/jwt.ts'
import { type MeetingTokenClaims, meetingTokenClaimsSchema } from '../daily/meetingToken.ts'
import type { LocalRoomRow } from './localRoomsTable.ts'

/** What the local room page tells a visitor, worked out from the room row, the token and the time. */
export type RoomPageState =
  | { kind: 'open'; room: LocalRoomRow; claims: MeetingTokenClaims }
  | { kind: 'unknown_room'; name: string }
  | { kind: 'deleted'; name: string }
  | { kind: 'token_missing'; name: string }
  | { kind: 'token_invalid'; name: string }
  | { kind: 'token_other_room'; name: string }
  | { kind: 'token_expired'; name: string }
  | { kind: 'not_open_yet'; name: string; opensAt: Date }
  | { kind: 'closed'; name: string; closedAt: Date }

/**
 * The room's existence comes first (as on Daily, whose page says a room does not exist whatever
 * the token), then the token, then the room's window, then the token's own window: after the
 * session a visitor learns the room has closed rather than that their link expired.
 */
export async function roomPageState(
  name: string,
  room: LocalRoomRow | null,
  token: string | null,
  signingKey: string,
  now: Date,
): Promise<RoomPageState> {
  if (!room) return { kind: 'unknown_room', name }
  if (room.deleted_at) return { kind: 'deleted', name }
  if (!token) return { kind: 'token_missing', name }

  const verification = await verifyJwtHs256(token, signingKey, now)
  if (!('payload' in verification)) return { kind: 'token_invalid', name }
  const claims = meetingTokenClaimsSchema.safeParse(verification.payload)
  if (!claims.success) return { kind: 'token_invalid', name }
  if (claims.data.r !== name) return { kind: 'token_other_room', name }

  if (now >= room.exp) return { kind: 'closed', name, closedAt: room.exp }
  if (now < room.nbf) return { kind: 'not_open_yet', name, opensAt: room.nbf }
  if (verification.valid) return { kind: 'open', room, claims: claims.data }
  if (verification.reason === 'expired') return { kind: 'token_expired', name }
  // Not valid yet: this token's `nbf` is later than the room's.
  return { kind: 'not_open_yet', name, opensAt: new Date(Number(verification.payload.nbf) * 1000) }
}
