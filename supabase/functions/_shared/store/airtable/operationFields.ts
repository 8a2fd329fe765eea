import { z } from 'zod'
import { BOOKING_STATUSES, ROOM_STATUSES } from '../../../../../shared/domain/statuses.ts'
import { OPERATION_FIELDS as F } from '../../../../../shared/operations/fields.ts'
import type { OperationRecord } from '../../../../../shared/operations/record.ts'
import { ProviderError } from '../../errors.ts'
import type { AirtableRecord } from './responses.ts'

/**
 * Presence Operations record <-> Airtable cells. Airtable leaves out empty cells and unticked
 * checkboxes, so a missing cell reads as null / false, and we write null to clear one.
 */

export function toAirtableFields(record: OperationRecord): Record<string, unknown> {
  return {
    [F.bookingId]: record.bookingId,
    [F.previousBookingIds]: emptyToNull(encodeIdList(record.previousBookingIds)),
    [F.bookingStatus]: record.bookingStatus,
    [F.roomStatus]: record.roomStatus,
    [F.roomUrl]: emptyToNull(record.roomUrl),
    [F.roomName]: emptyToNull(record.roomName),
    [F.sessionStart]: isoDateTimeOf(record.sessionStart, 'sessionStart'),
    [F.sessionEnd]: isoDateTimeOf(record.sessionEnd, 'sessionEnd'),
    [F.title]: emptyToNull(record.title),
    [F.hostName]: emptyToNull(record.hostName),
    [F.hostEmail]: emptyToNull(record.hostEmail),
    [F.hostId]: emptyToNull(record.hostId),
    [F.memberName]: emptyToNull(record.memberName),
    [F.memberEmail]: emptyToNull(record.memberEmail),
    [F.memberPhone]: emptyToNull(record.memberPhone),
    [F.memberId]: emptyToNull(record.memberId),
    [F.calUrl]: emptyToNull(record.calUrl),
    [F.cancellationReason]: emptyToNull(record.cancellationReason),
    [F.rescheduleRequested]: record.rescheduleRequested,
    [F.hostJoined]: record.hostJoined,
    [F.memberJoined]: record.memberJoined,
    [F.hostRating]: record.hostRating,
    [F.hostComment]: emptyToNull(record.hostComment),
    [F.memberRating]: record.memberRating,
    [F.memberComment]: emptyToNull(record.memberComment),
  }
}

const text = z.string().optional()
const checkbox = z.boolean().optional()
const rating = z.number().int().min(1).max(5).optional()
const isoDateTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time')
  .transform((value) => new Date(value).toISOString())

const operationCellsSchema = z.object({
  [F.bookingId]: z.string(),
  [F.previousBookingIds]: text,
  // An operator may clear a status cell; read it as the state a fresh booking starts in.
  [F.bookingStatus]: z.enum(BOOKING_STATUSES).optional(),
  [F.roomStatus]: z.enum(ROOM_STATUSES).optional(),
  [F.roomUrl]: text,
  [F.roomName]: text,
  [F.sessionStart]: isoDateTime,
  [F.sessionEnd]: isoDateTime,
  [F.title]: text,
  [F.hostName]: text,
  [F.hostEmail]: text,
  [F.hostId]: text,
  [F.memberName]: text,
  [F.memberEmail]: text,
  [F.memberPhone]: text,
  [F.memberId]: text,
  [F.calUrl]: text,
  [F.cancellationReason]: text,
  [F.rescheduleRequested]: checkbox,
  [F.hostJoined]: checkbox,
  [F.memberJoined]: checkbox,
  [F.hostRating]: rating,
  [F.hostComment]: text,
  [F.memberRating]: rating,
  [F.memberComment]: text,
})

export function fromAirtableRecord(record: AirtableRecord): OperationRecord {
  const parsed = operationCellsSchema.safeParse(record.fields)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
    throw new ProviderError('airtable', `Presence Operations record ${record.id} cannot be read (${problems})`, false)
  }
  const cells = parsed.data
  return {
    bookingId: cells[F.bookingId],
    previousBookingIds: decodeIdList(cells[F.previousBookingIds] ?? ''),
    bookingStatus: cells[F.bookingStatus] ?? 'Pending',
    roomStatus: cells[F.roomStatus] ?? 'Not Created',
    roomUrl: cells[F.roomUrl] ?? null,
    roomName: cells[F.roomName] ?? null,
    sessionStart: cells[F.sessionStart],
    sessionEnd: cells[F.sessionEnd],
    title: cells[F.title] ?? null,
    hostName: cells[F.hostName] ?? null,
    hostEmail: cells[F.hostEmail] ?? null,
    hostId: cells[F.hostId] ?? null,
    memberName: cells[F.memberName] ?? null,
    memberEmail: cells[F.memberEmail] ?? null,
    memberPhone: cells[F.memberPhone] ?? null,
    memberId: cells[F.memberId] ?? null,
    calUrl: cells[F.calUrl] ?? null,
    cancellationReason: cells[F.cancellationReason] ?? null,
    rescheduleRequested: cells[F.rescheduleRequested] ?? false,
    hostJoined: cells[F.hostJoined] ?? false,
    memberJoined: cells[F.memberJoined] ?? false,
    hostRating: cells[F.hostRating] ?? null,
    hostComment: cells[F.hostComment] ?? null,
    memberRating: cells[F.memberRating] ?? null,
    memberComment: cells[F.memberComment] ?? null,
  }
}

/**
 * `Previous Booking IDs` is one id per line, readable by operators. A uid may itself hold a line
 * break or a backslash, so within a line `\\` stands for a backslash and `\n` / `\r` for breaks.
 */
export function encodeIdList(ids: string[]): string {
  return ids.map((id) => id.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')).join('\n')
}

export function decodeIdList(value: string): string[] {
  return value
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/\\([\\nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\')))
}

function isoDateTimeOf(value: string, name: string): string {
  const time = Date.parse(value)
  if (Number.isNaN(time)) throw new RangeError(`${name} is not a date-time: ${JSON.stringify(value)}`)
  return new Date(time).toISOString()
}

function emptyToNull(value: string | null): string | null {
  return value === null || value === '' ? null : value
}
