import { z } from 'zod'
import { signJwtHs256 } from '../../../../../shared/crypto/jwt.ts'
import type { MeetingTokenRequest } from '../roomProvider.ts'

/**
 * Daily's self-signed meeting token payload, in its abbreviated claim names: `r` room, `d` domain
 * id, `o` owner, `u` user name, `ud` user id, and the times in unix seconds. The local stand-in
 * reads and writes the same shape.
 */
export const meetingTokenClaimsSchema = z.object({
  r: z.string(),
  d: z.string(),
  o: z.boolean(),
  u: z.string(),
  ud: z.string(),
  iat: z.number(),
  nbf: z.number().optional(),
  exp: z.number(),
})
export type MeetingTokenClaims = z.infer<typeof meetingTokenClaimsSchema>

export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000)
}

export function meetingTokenClaims(request: MeetingTokenRequest, domainId: string, now: Date): MeetingTokenClaims {
  return {
    r: request.roomName,
    d: domainId,
    o: request.isOwner,
    u: request.userName,
    ud: request.userId,
    // Daily requires `iat` on self-signed tokens.
    iat: unixSeconds(now),
    ...(request.nbf ? { nbf: unixSeconds(request.nbf) } : {}),
    exp: unixSeconds(request.exp),
  }
}

export function signMeetingToken(request: MeetingTokenRequest, key: string, domainId: string, now: Date): Promise<string> {
  return signJwtHs256(meetingTokenClaims(request, domainId, now), key)
}
