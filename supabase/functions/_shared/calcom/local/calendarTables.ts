import type { Queryable, Sql } from '../../db/connect.ts'
import { AppError } from '../../errors.ts'
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

export async function createBooking(sql: Queryable, booking: NewLocalBooking): Promise<LocalBooking> {
  try {
    const [row] = await sql<LocalBooking[]>`
      insert into local_calendar_bookings (uid, host_id, cal_link, start_time, end_time, attendee_name, attendee_email,
        attendee_phone, attendee_time_zone, metadata, rescheduled_from)
      values (${booking.uid}, ${booking.hostId}, ${booking.calLink}, ${booking.startTime}, ${booking.endTime}, ${booking.attendeeName},
        ${booking.attendeeEmail}, ${booking.attendeePhone}, ${booking.attendeeTimeZone}, ${sql.json(booking.metadata)}, ${booking.rescheduledFrom})
      returning ${bookingColumns(sql)}`
    return row!
  } catch (error) {
    if (isUniqueViolation(error)) throw new SlotTakenError()
    throw error
  }
}

/** Null when the booking is no longer live (cancelled or rescheduled already). */
export async function cancelBooking(sql: Sql, uid: string, reason: string | null, cancelledBy: string): Promise<LocalBooking | null> {
  const [row] = await sql<LocalBooking[]>`
    update local_calendar_bookings set status = 'cancelled', cancellation_reason = ${reason}, cancelled_by = ${cancelledBy}
    where uid = ${uid} and status = 'accepted'
    returning ${bookingColumns(sql)}`
  return row ?? null
}

/**
 * Moves a live booking to a new slot as Cal.com does: a new booking (new uid) that points at the
 * old one, which stops holding its slot. Both or neither: a taken slot leaves the old one live.
 * Null when the old booking is no longer live.
 */
export async function rescheduleBooking(sql: Sql, oldUid: string, replacement: Pick<NewLocalBooking, 'uid' | 'startTime' | 'endTime'>): Promise<{ old: LocalBooking; next: LocalBooking } | null> {
  return sql.begin(async (tx) => {
    const [old] = await tx<LocalBooking[]>`
      update local_calendar_bookings set status = 'rescheduled' where uid = ${oldUid} and status = 'accepted'
      returning ${bookingColumns(tx)}`
    if (!old) return null
    const next = await createBooking(tx, { ...old, ...replacement, rescheduledFrom: old.uid })
    return { old, next }
  })
}

export async function recordWebhook(
  sql: Sql,
  entry: { bookingUid: string; trigger: string; body: string; responseStatus: number | null; error: string | null },
): Promise<void> {
  await sql`
    insert into local_calendar_webhooks (booking_uid, trigger_event, body, response_status, error)
    values (${entry.bookingUid}, ${entry.trigger}, ${entry.body}, ${entry.responseStatus}, ${entry.error})`
}

export interface WebhookOutcome {
  trigger: string
  responseStatus: number | null
  error: string | null
}

export async function webhooksFor(sql: Sql, bookingUid: string): Promise<WebhookOutcome[]> {
  return sql<WebhookOutcome[]>`
    select trigger_event as trigger, response_status as "responseStatus", error
    from local_calendar_webhooks where booking_uid = ${bookingUid} order by id`
}
