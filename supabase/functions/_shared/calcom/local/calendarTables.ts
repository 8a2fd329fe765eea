import type { Queryable, Sql } from '../../db/connect.ts'
import { AppError } from '../../errors.ts'
import type { CalcomEnvelope } from './webhookPayloads.ts'
import { DEFAULT_WEEKLY_HOURS, type WeeklyHours, weeklyHoursSchema } from './schedule.ts'

/** A row of `local_calendar_bookings` (migration 0014). */
export interface LocalBooking {
  uid: string
  id: number
  hostId: string
  calLink: string
  startTime: Date
  endTime: Date
  status: 'accepted' | 'cancelled' | 'rescheduled'
  attendeeName: string
  attendeeEmail: string
  attendeePhone: string | null
  attendeeTimeZone: string | null
  metadata: Record<string, string>
  rescheduledFrom: string | null
  cancellationReason: string | null
  cancelledBy: string | null
}

export type NewLocalBooking = Omit<LocalBooking, 'id' | 'status' | 'cancellationReason' | 'cancelledBy'>

const bookingColumns = (sql: Queryable) => sql`
  uid, id::int as id, host_id as "hostId", cal_link as "calLink", start_time as "startTime", end_time as "endTime", status,
  attendee_name as "attendeeName", attendee_email as "attendeeEmail", attendee_phone as "attendeePhone",
  attendee_time_zone as "attendeeTimeZone", metadata, rescheduled_from as "rescheduledFrom",
  cancellation_reason as "cancellationReason", cancelled_by as "cancelledBy"`

/** The second booking of a slot someone else just took (the partial unique index). */
export class SlotTakenError extends AppError {
  constructor() {
    super('That time has just been booked by someone else: choose another.', 409, 'slot_taken')
  }
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505'
}

/** The host's weekly hours: their own schedule row, or Mon-Fri 09:00-17:00. */
export async function weeklyHoursFor(sql: Sql, calLink: string): Promise<WeeklyHours> {
  const [row] = await sql<{ weekly_hours: unknown }[]>`select weekly_hours from local_calendar_schedules where cal_link = ${calLink}`
  if (!row) return DEFAULT_WEEKLY_HOURS
  const parsed = weeklyHoursSchema.safeParse(row.weekly_hours)
  if (!parsed.success) throw new Error(`local_calendar_schedules for ${calLink} is not valid: ${parsed.error.message}`)
  return parsed.data
}

/** Starts (ISO, UTC) of the host's live bookings from `from` on. */
export async function takenStarts(sql: Sql, hostId: string, from: Date): Promise<Set<string>> {
  const rows = await sql<{ start_time: Date }[]>`
    select start_time from local_calendar_bookings where host_id = ${hostId} and status = 'accepted' and start_time >= ${from}`
  return new Set(rows.map((row) => row.start_time.toISOString()))
}

export async function findBooking(sql: Queryable, uid: string): Promise<LocalBooking | null> {
  const [row] = await sql<LocalBooking[]>`select ${bookingColumns(sql)} from local_calendar_bookings where uid = ${uid}`
  return row ?? null
}

/** A webhook written with its change, before it is posted. */
export interface QueuedWebhook {
  id: number
  bookingUid: string
  trigger: string
  body: string
}

export interface WebhookRecord extends QueuedWebhook {
  sentAt: Date | null
  responseStatus: number | null
  error: string | null
}

const webhookColumns = (sql: Queryable) => sql`
  id::int as id, booking_uid as "bookingUid", trigger_event as trigger, body, sent_at as "sentAt",
  response_status as "responseStatus", error`

async function queueWebhook(tx: Queryable, bookingUid: string, envelope: CalcomEnvelope): Promise<QueuedWebhook> {
  const [row] = await tx<QueuedWebhook[]>`
    insert into local_calendar_webhooks (booking_uid, trigger_event, body)
    values (${bookingUid}, ${envelope.triggerEvent}, ${JSON.stringify(envelope)})
    returning id::int as id, booking_uid as "bookingUid", trigger_event as trigger, body`
  return row!
}

async function insertBooking(tx: Queryable, booking: NewLocalBooking): Promise<LocalBooking> {
  try {
    const [row] = await tx<LocalBooking[]>`
      insert into local_calendar_bookings (uid, host_id, cal_link, start_time, end_time, attendee_name, attendee_email,
        attendee_phone, attendee_time_zone, metadata, rescheduled_from)
      values (${booking.uid}, ${booking.hostId}, ${booking.calLink}, ${booking.startTime}, ${booking.endTime}, ${booking.attendeeName},
        ${booking.attendeeEmail}, ${booking.attendeePhone}, ${booking.attendeeTimeZone}, ${tx.json(booking.metadata)}, ${booking.rescheduledFrom})
      returning ${bookingColumns(tx)}`
    return row!
  } catch (error) {
    if (isUniqueViolation(error)) throw new SlotTakenError()
    throw error
  }
}

export interface Change<T> {
  result: T
  webhook: QueuedWebhook
}

/** The booking and its BOOKING_CREATED, in one transaction. */
export function createBooking(sql: Sql, booking: NewLocalBooking, envelopeOf: (booking: LocalBooking) => CalcomEnvelope): Promise<Change<LocalBooking>> {
  return sql.begin(async (tx) => {
    const created = await insertBooking(tx, booking)
    return { result: created, webhook: await queueWebhook(tx, created.uid, envelopeOf(created)) }
  })
}

/** Null when the booking is no longer live (cancelled or rescheduled already). */
export function cancelBooking(
  sql: Sql,
  uid: string,
  cancellation: { reason: string | null; cancelledBy: string },
  envelopeOf: (booking: LocalBooking) => CalcomEnvelope,
): Promise<Change<LocalBooking> | null> {
  return sql.begin(async (tx) => {
    const [cancelled] = await tx<LocalBooking[]>`
      update local_calendar_bookings set status = 'cancelled', cancellation_reason = ${cancellation.reason}, cancelled_by = ${cancellation.cancelledBy}
      where uid = ${uid} and status = 'accepted'
      returning ${bookingColumns(tx)}`
    if (!cancelled) return null
    return { result: cancelled, webhook: await queueWebhook(tx, cancelled.uid, envelopeOf(cancelled)) }
  })
}

/**
 * Moves a live booking to a new slot as Cal.com does: a new booking (new uid) that points at the
 * old one, which stops holding its slot. Both or neither: a taken slot leaves the old one live.
 * Null when the old booking is no longer live.
 */
export function rescheduleBooking(
  sql: Sql,
  oldUid: string,
  replacement: Pick<NewLocalBooking, 'uid' | 'startTime' | 'endTime'>,
  envelopeOf: (old: LocalBooking, next: LocalBooking) => CalcomEnvelope,
): Promise<Change<{ old: LocalBooking; next: LocalBooking }> | null> {
  return sql.begin(async (tx) => {
    const [old] = await tx<LocalBooking[]>`
      update local_calendar_bookings set status = 'rescheduled' where uid = ${oldUid} and status = 'accepted'
      returning ${bookingColumns(tx)}`
    if (!old) return null
    const next = await insertBooking(tx, { ...old, ...replacement, rescheduledFrom: old.uid })
    return { result: { old, next }, webhook: await queueWebhook(tx, next.uid, envelopeOf(old, next)) }
  })
}

export async function recordWebhookOutcome(sql: Sql, id: number, outcome: { responseStatus: number | null; error: string | null }): Promise<void> {
  await sql`update local_calendar_webhooks set sent_at = now(), response_status = ${outcome.responseStatus}, error = ${outcome.error} where id = ${id}`
}

/** A booking's webhooks, oldest first (a reschedule's is listed under the new booking). */
export function webhooksFor(sql: Sql, bookingUid: string): Promise<WebhookRecord[]> {
  return sql<WebhookRecord[]>`select ${webhookColumns(sql)} from local_calendar_webhooks where booking_uid = ${bookingUid} order by id`
}

/** Delivered: posted and answered with a 2xx. Anything else may be sent again. */
export function wasDelivered(webhook: WebhookRecord): boolean {
  return webhook.sentAt !== null && webhook.error === null
}
