import * as z from 'zod/mini'
import { ROLES } from '../sessions/sessionView.ts'
import { starsSchema } from './session.ts'

/**
 * What a session link carries (`?bookingId&userType&token`), sent back by every call. A Cal.com
 * uid is any string up to 255 characters. The token may be missing here: that is a refused link
 * (403), not a malformed request.
 */
export const sessionLinkParamsShape = {
  bookingId: z.string().check(z.minLength(1), z.maxLength(255)),
  userType: z.enum(ROLES),
  token: z.optional(z.string().check(z.maxLength(200))),
}

/**
 * The IANA zone the page shows times in (the browser's), sent with every call so the prompts the
 * server fills name times on the same clock as the page's "When". Optional: without it (or with a
 * zone the server does not know) they use the viewer's booking zone.
 */
export const viewerTimeZoneShape = { timeZone: z.optional(z.string().check(z.maxLength(64))) }

/**
 * `POST /session`: the video provider reported this viewer in the call, or the viewer rates it,
 * or (a host's link only) the host marks that they enjoyed meeting the member (`liked: false` takes it back).
 */
export const sessionActionSchema = z.discriminatedUnion('action', [
  z.object({ ...sessionLinkParamsShape, ...viewerTimeZoneShape, action: z.literal('joined') }),
  z.object({ ...sessionLinkParamsShape, ...viewerTimeZoneShape, action: z.literal('rate'), stars: starsSchema, comment: z.optional(z.string().check(z.maxLength(1000))) }),
  z.object({ ...sessionLinkParamsShape, ...viewerTimeZoneShape, action: z.literal('like'), liked: z.boolean() }),
])

export type SessionAction = z.input<typeof sessionActionSchema>
