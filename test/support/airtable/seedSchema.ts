import { BOOKING_STATUSES, ROOM_STATUSES } from '../../../shared/domain/statuses.ts'
import {
  HOST_FIELDS as H,
  MEMBER_FIELDS as M,
  OPERATION_FIELDS as F,
  TABLES,
  TEMPLATE_FIELDS as T,
} from '../../../shared/operations/fields.ts'

export type FieldType =
  | 'singleLineText'
  | 'multilineText'
  | 'richText'
  | 'email'
  | 'url'
  | 'phoneNumber'
  | 'singleSelect'
  | 'multipleSelects'
  | 'checkbox'
  | 'dateTime'
  | 'number'
  | 'rating'

export interface FieldSpec {
  name: string
  type: FieldType
  choices?: readonly string[]
}

export interface TableSpec {
  name: string
  /** The first field is the primary field. */
  fields: FieldSpec[]
}

/**
 * The base as an operator following the README would build it. Written out by hand, not derived
 * from the adapter's `requiredSchema()`, so a field the adapter forgets to require still shows up.
 */
export function seedTables(): TableSpec[] {
  return [
    {
      name: TABLES.operations,
      fields: [
        { name: F.bookingId, type: 'singleLineText' },
        { name: F.roomUrl, type: 'url' },
        { name: F.roomStatus, type: 'singleSelect', choices: ROOM_STATUSES },
        { name: F.bookingStatus, type: 'singleSelect', choices: BOOKING_STATUSES },
        { name: F.hostJoined, type: 'checkbox' },
        { name: F.memberJoined, type: 'checkbox' },
        { name: F.hostRating, type: 'rating' },
        { name: F.hostComment, type: 'multilineText' },
        { name: F.memberRating, type: 'rating' },
        { name: F.memberComment, type: 'multilineText' },
        { name: F.sessionStart, type: 'dateTime' },
        { name: F.memberName, type: 'singleLineText' },
        { name: F.hostName, type: 'singleLineText' },
        { name: F.calUrl, type: 'url' },
        { name: F.sessionEnd, type: 'dateTime' },
        { name: F.title, type: 'singleLineText' },
        { name: F.hostEmail, type: 'email' },
        { name: F.hostId, type: 'singleLineText' },
        { name: F.memberEmail, type: 'email' },
        { name: F.memberPhone, type: 'phoneNumber' },
        { name: F.memberId, type: 'singleLineText' },
        { name: F.previousBookingIds, type: 'multilineText' },
        { name: F.roomName, type: 'singleLineText' },
        { name: F.cancellationReason, type: 'multilineText' },
        { name: F.rescheduleRequested, type: 'checkbox' },
      ],
    },
    {
      name: TABLES.hosts,
      fields: [
        { name: H.name, type: 'singleLineText' },
        { name: H.email, type: 'email' },
        { name: H.phone, type: 'phoneNumber' },
        { name: H.bio, type: 'multilineText' },
        { name: H.personalityTags, type: 'multipleSelects', choices: ['Calm', 'Direct', 'Funny', 'Warm'] },
        { name: H.status, type: 'singleSelect', choices: ['Active', 'Inactive'] },
        { name: H.calLink, type: 'singleLineText' },
        { name: H.timeZone, type: 'singleLineText' },
      ],
    },
    {
      name: TABLES.members,
      fields: [
        { name: M.name, type: 'singleLineText' },
        { name: M.email, type: 'email' },
        { name: M.phone, type: 'phoneNumber' },
        { name: M.timeZone, type: 'singleLineText' },
        { name: M.status, type: 'singleSelect', choices: ['Active', 'Paused'] },
      ],
    },
    {
      name: TABLES.templates,
      fields: [
        { name: T.name, type: 'singleLineText' },
        { name: T.body, type: 'multilineText' },
      ],
    },
  ]
}
