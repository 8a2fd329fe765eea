import { z } from 'zod'

/**
 * Daily's webhook deliveries, as far as attendance reads them: the envelope
 * `{version, type, id, payload, event_ts}` and the four event types it acts on. Times are unix
 * seconds. Unknown fields pass through; unknown types are recorded and acknowledged.
 */
export const DAILY_EVENT_TYPES = ['participant.joined', 'participant.left', 'meeting.started', 'meeting.ended'] as const
export type DailyEventType = (typeof DAILY_EVENT_TYPES)[number]

export const dailyEnvelopeSchema = z.looseObject({
  version: z.string().optional(),
  type: z.string().min(1),
  id: z.string().min(1).max(255),
  payload: z.looseObject({}),
  event_ts: z.number().optional(),
})
export type DailyEnvelope = z.infer<typeof dailyEnvelopeSchema>

const participantSchema = z.looseObject({
  room: z.string().min(1),
  /** The participant's visit: one join and its leave share it. */
  session_id: z.string().min(1),
  /** The meeting token's `ud`, when the participant joined with one. */
  user_id: z.string().nullish(),
  user_name: z.string().nullish(),
  owner: z.boolean().optional(),
  joined_at: z.number(),
})

export const participantJoinedSchema = participantSchema
/** `duration`: seconds in the call. */
export const participantLeftSchema = participantSchema.extend({ duration: z.number().min(0) })
export const meetingStartedSchema = z.looseObject({ room: z.string().min(1), start_ts: z.number(), meeting_id: z.string().optional() })
export const meetingEndedSchema = meetingStartedSchema.extend({ end_ts: z.number() })

export function isDailyEventType(type: string): type is DailyEventType {
  return (DAILY_EVENT_TYPES as readonly string[]).includes(type)
}

/**
 * Daily checks an endpoint before it creates the webhook with a POST whose body is no event
 * (such as `{"test": "test"}`); it must get a 200 quickly. Anything without an event's `type` and `id`
 * is answered that way and recorded nowhere.
 */
export function isVerificationRequest(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false
  const fields = body as Record<string, unknown>
  return typeof fields.type !== 'string' && typeof fields.id !== 'string'
}

export function fromUnixSeconds(seconds: number): Date {
  return new Date(Math.round(seconds * 1000))
}
