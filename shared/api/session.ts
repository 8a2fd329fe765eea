import * as z from 'zod/mini'
import { JOIN_WINDOW_STATES } from '../domain/sessionTimes.ts'
import { BOOKING_STATUSES, ROOM_STATUSES } from '../domain/statuses.ts'
import { ROLES } from '../sessions/sessionView.ts'

/** Times are ISO 8601 UTC; the browser shows them in the viewer's own time zone. */
const utcTime = z.iso.datetime()
const optionalText = z.nullable(z.string())
/** A rating: 1 to 5 stars. */
export const starsSchema = z.int().check(z.minimum(1), z.maximum(5))

/** How to enter the room: only inside the join window, for a booked session with a room. */
export const sessionJoinSchema = z.object({
  provider: z.enum(['daily', 'local']),
  roomUrl: z.string(),
  /** Meeting token for this person (host: owner); expires with the room. */
  token: z.string(),
  expiresAt: utcTime,
})

/** What the `session` function answers for a valid link: to GET, and to each POST action. */
export const sessionViewSchema = z.object({
  /** The booking's current uid (differs from the link's after a reschedule). */
  bookingId: z.string(),
  role: z.enum(ROLES),
  bookingStatus: z.enum(BOOKING_STATUSES),
  title: optionalText,
  hostName: optionalText,
  memberName: optionalText,
  start: utcTime,
  end: utcTime,
  cancellationReason: optionalText,
  /**
   * For the member of a booking on a paid session that is still upcoming: until when a
   * cancellation gives the session back (later ones use it). Null otherwise.
   */
  freeCancellationUntil: z.nullable(utcTime),
  roomStatus: z.enum(ROOM_STATUSES),
  joinWindow: z.object({ opensAt: utcTime, closesAt: utcTime, state: z.enum(JOIN_WINDOW_STATES) }),
  /** The server's clock when it answered, so a countdown is right even if the browser's clock is off. */
  serverTime: utcTime,
  /** From the Templates table, placeholders filled: shown before the session and after leaving. */
  prompts: z.object({ preSession: optionalText, postSession: optionalText }),
  joined: z.object({ host: z.boolean(), member: z.boolean() }),
  /** This viewer's own rating, once given. */
  rating: z.nullable(z.object({ stars: starsSchema, comment: optionalText })),
  /** The host marked after the session that they enjoyed meeting the member (the host's `like`). */
  likedMember: z.boolean(),
  join: z.nullable(sessionJoinSchema),
})

export type SessionJoin = z.infer<typeof sessionJoinSchema>
export type SessionView = z.infer<typeof sessionViewSchema>
