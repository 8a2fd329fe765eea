import { z } from 'zod'
import { isStorableText, storableText } from '../text/storable.ts'

/** Triggers the pipeline acts on. Anything else is recorded as `ignored` and acknowledged. */
export const HANDLED_TRIGGERS = [
  'BOOKING_CREATED',
  'BOOKING_REQUESTED',
  'BOOKING_REJECTED',
  'BOOKING_RESCHEDULED',
  'BOOKING_CANCELLED',
  'MEETING_ENDED',
] as const
export type HandledTrigger = (typeof HANDLED_TRIGGERS)[number]

/** Why a delivery with a trigger we do not act on is kept as ignored. */
export function notHandledReason(trigger: string): string {
  return `trigger ${trigger} is not handled`
}

/** MEETING_STARTED and MEETING_ENDED carry the booking at the root instead of in `payload`. */
const FLAT_TRIGGERS = new Set(['MEETING_STARTED', 'MEETING_ENDED'])

const isoTime = z.iso.datetime({ offset: true })
/** Free text from Cal.com's form: anything a member typed, made storable. */
const text = z.string().transform(storableText)
/** A booking id is kept exactly as Cal.com sent it, so one Postgres cannot store is refused. */
const bookingId = z
  .string()
  .min(1, 'is empty')
  .max(255, 'is longer than 255 characters')
  .refine(isStorableText, 'holds a character Postgres cannot store (NUL or an unpaired surrogate)')
const person = z.object({
  name: text.nullish(),
  email: text.nullish(),
  timeZone: text.nullish(),
  phoneNumber: text.nullish(),
})
const answer = z.object({ value: z.unknown() }).partial().nullish()

const bookingSchema = z
  .object({
    uid: bookingId,
    startTime: isoTime,
    endTime: isoTime,
    title: text.nullish(),
    organizer: person.nullish(),
    attendees: z.array(person).nullish(),
    responses: z.record(z.string(), answer).nullish(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
    rescheduleUid: bookingId.nullish(),
    fromReschedule: bookingId.nullish(),
    cancellationReason: text.nullish(),
    rejectionReason: text.nullish(),
    requestReschedule: z.boolean().nullish(),
    cancelledBy: text.nullish(),
    status: z.string().nullish(),
  })
  .refine((booking) => Date.parse(booking.endTime) > Date.parse(booking.startTime), {
    message: 'endTime must be after startTime',
    path: ['endTime'],
  })

/** The booking inside its envelope, so an issue's path names `payload` (built once: zod compiles a schema on first use). */
const envelopedBookingSchema = z.object({ payload: bookingSchema })

const envelopeSchema = z.object({
  triggerEvent: text.pipe(z.string().min(1)),
  createdAt: isoTime.nullish(),
})

export interface BookingEvent {
  trigger: HandledTrigger
  /** When Cal.com says the event happened; orders events that arrive out of order. */
  createdAt: string | null
  bookingId: string
  /** For BOOKING_RESCHEDULED: the booking this one replaces. */
  previousBookingId: string | null
  start: string
  end: string
  title: string | null
  organizer: { name: string | null; email: string | null; timeZone: string | null }
  attendee: { name: string | null; email: string | null; phone: string | null; timeZone: string | null }
  /** `metadata[memberId]` from the embed: set by the browser, so a claim to check. */
  claimedMemberId: string | null
  /** `metadata[sessionId]`: the paid session the member meant to use; a claim, like the member id. */
  claimedSessionId: string | null
  /** BOOKING_CANCELLED: the email of whoever cancelled, when Cal.com says. */
  cancelledBy: string | null
  reason: string | null
  requestReschedule: boolean
}

export type ParsedDelivery =
  | { kind: 'event'; event: BookingEvent }
  | { kind: 'ignored'; trigger: string }
  | { kind: 'invalid'; trigger: string | null; reason: string }

export function parseCalcomDelivery(body: unknown): ParsedDelivery {
  const envelope = envelopeSchema.safeParse(body)
  if (!envelope.success) return { kind: 'invalid', trigger: null, reason: describeIssues(envelope.error) }
  const trigger = envelope.data.triggerEvent
  if (!(HANDLED_TRIGGERS as readonly string[]).includes(trigger)) return { kind: 'ignored', trigger }

  const root = body as Record<string, unknown>
  const flat = FLAT_TRIGGERS.has(trigger) && root.payload === undefined
  const booking = flat ? bookingSchema.safeParse(root) : envelopedBookingSchema.safeParse(root)
  if (!booking.success) return { kind: 'invalid', trigger, reason: describeIssues(booking.error) }
  const b = 'payload' in booking.data ? booking.data.payload : booking.data
  const attendee = b.attendees?.[0]
  const responsePhone = textAnswer(b.responses?.attendeePhoneNumber) ?? textAnswer(b.responses?.phone)
  return {
    kind: 'event',
    event: {
      trigger: trigger as HandledTrigger,
      createdAt: envelope.data.createdAt ?? null,
      bookingId: b.uid,
      previousBookingId: trigger === 'BOOKING_RESCHEDULED' ? (b.rescheduleUid ?? b.fromReschedule ?? null) : null,
      start: new Date(b.startTime).toISOString(),
      end: new Date(b.endTime).toISOString(),
      title: b.title ?? null,
      organizer: { name: b.organizer?.name ?? null, email: b.organizer?.email ?? null, timeZone: b.organizer?.timeZone ?? null },
      attendee: {
        name: attendee?.name ?? textAnswer(b.responses?.name) ?? null,
        email: attendee?.email ?? textAnswer(b.responses?.email) ?? null,
        phone: attendee?.phoneNumber ?? responsePhone ?? null,
        timeZone: attendee?.timeZone ?? null,
      },
      claimedMemberId: claimedId(b.metadata?.memberId),
      claimedSessionId: claimedId(b.metadata?.sessionId),
      cancelledBy: b.cancelledBy ?? null,
      reason: b.cancellationReason ?? b.rejectionReason ?? null,
      requestReschedule: b.requestReschedule === true,
    },
  }
}

/** An id set in the browser: kept only if it could be one of ours (short, printable). */
function claimedId(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= 64 && isStorableText(value) ? value : null
}

function textAnswer(entry: { value?: unknown } | null | undefined): string | null {
  return typeof entry?.value === 'string' && entry.value.trim() !== '' ? storableText(entry.value) : null
}

/** zod's own wording, on one line (it is stored as the delivery's error and shown in lists). */
function describeIssues(error: z.ZodError): string {
  return z.prettifyError(error).replace(/\n\s*/g, ' ')
}
