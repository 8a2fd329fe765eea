import { BOOKING_STATUSES, CREDIT_STATUSES, PAYMENT_STATUSES, ROOM_STATUSES, SMS_RECORD_STATUSES } from '../domain/statuses.ts'
import { ATTENDANCE_LABELS } from '../attendance/attendanceRules.ts'
import { PLAN_NAMES } from '../plans/catalog.ts'
import { type AirtableType, type TableSpec, airtableNames } from './fieldSpec.ts'

/**
 * Every field Presence reads or writes, declared once. Airtable table and field names are the
 * operators' interface: never rename one here without renaming it in the base. The Airtable
 * and Postgres mappings, `presence airtable check`, the record types and the README's field
 * tables are all derived from this.
 */

/** Text of another shape reads and writes the same. */
const OR_LONG_TEXT: readonly AirtableType[] = ['multilineText', 'richText']
const OR_SHORT_TEXT: readonly AirtableType[] = ['singleLineText', 'richText']

export const OPERATIONS_TABLE = {
  airtable: 'Presence Operations',
  postgres: 'presence_operations',
  fields: {
    sessionId: {
      airtable: 'Session ID',
      kind: 'key',
      type: 'singleLineText',
      column: 'session_id',
      meaning: 'the key: the paid session, from the moment it is paid; or, for a booking that uses none, its own session id',
    },
    bookingId: {
      airtable: 'Cal.com Booking ID',
      kind: 'text',
      type: 'singleLineText',
      column: 'booking_id',
      meaning: "the booking's current Cal.com uid; empty until the paid session is booked",
    },
    roomUrl: {
      airtable: 'Video Room URL',
      kind: 'text',
      type: 'url',
      alsoAccepted: ['singleLineText'],
      column: 'room_url',
      meaning: 'the private room',
    },
    roomStatus: {
      airtable: 'Video Room Status',
      kind: 'choice',
      type: 'singleSelect',
      options: ROOM_STATUSES,
      whenEmpty: 'Not Created',
      column: 'room_status',
      meaning:
        'Not Created until the room exists (also after a provider failure, retried automatically); Ended after cancel or completion',
    },
    bookingStatus: {
      airtable: 'Booking Status',
      kind: 'optionalChoice',
      type: 'singleSelect',
      options: BOOKING_STATUSES,
      column: 'booking_status',
      meaning: 'empty until booked; Pending while a requested booking awaits the host; Cancelled also after a rejection',
    },
    hostJoined: {
      airtable: 'Host Joined',
      kind: 'flag',
      type: 'checkbox',
      column: 'host_joined',
      meaning: 'set when Daily reports the host joined (not when the button is pressed)',
    },
    memberJoined: {
      airtable: 'Member Joined',
      kind: 'flag',
      type: 'checkbox',
      column: 'member_joined',
      meaning: 'the same for the member',
    },
    sessionStart: {
      airtable: 'Session Start Time',
      kind: 'optionalDateTime',
      type: 'dateTime',
      column: 'session_start',
      meaning: 'when the session starts (empty until booked)',
    },
    memberName: {
      airtable: 'Member Name',
      kind: 'text',
      type: 'singleLineText',
      alsoAccepted: OR_LONG_TEXT,
      column: 'member_name',
      meaning: "the member record's name, or the attendee's",
    },
    hostName: {
      airtable: 'Host Name',
      kind: 'text',
      type: 'singleLineText',
      alsoAccepted: OR_LONG_TEXT,
      column: 'host_name',
      meaning: "the host record's name, or the organizer's",
    },
    calUrl: {
      airtable: 'Cal.com URL',
      kind: 'text',
      type: 'url',
      alsoAccepted: ['singleLineText'],
      column: 'cal_url',
      meaning: "the booking's page on Cal.com",
    },
    sessionEnd: {
      airtable: 'Session End Time',
      kind: 'optionalDateTime',
      type: 'dateTime',
      column: 'session_end',
      meaning: 'when the session ends',
    },
    title: {
      airtable: 'Session Title',
      kind: 'text',
      type: 'singleLineText',
      alsoAccepted: OR_LONG_TEXT,
      column: 'title',
      meaning: "Cal.com's title",
    },
    hostEmail: {
      airtable: 'Host Email',
      kind: 'text',
      type: 'email',
      alsoAccepted: ['singleLineText'],
      column: 'host_email',
      meaning: "the organizer's email",
    },
    hostId: {
      airtable: 'Host Record ID',
      kind: 'text',
      type: 'singleLineText',
      column: 'host_id',
      meaning: 'the Hosts record (Airtable `rec…`, uuid in Postgres)',
    },
    memberEmail: {
      airtable: 'Member Email',
      kind: 'text',
      type: 'email',
      alsoAccepted: ['singleLineText'],
      column: 'member_email',
      meaning: "the attendee's email",
    },
    memberPhone: {
      airtable: 'Member Phone',
      kind: 'text',
      type: 'phoneNumber',
      alsoAccepted: ['singleLineText'],
      column: 'member_phone',
      meaning: "the attendee's phone, when the booking form asks for it",
    },
    memberId: {
      airtable: 'Member Record ID',
      kind: 'text',
      type: 'singleLineText',
      column: 'member_id',
      meaning: "the Members record, only when the embed's claim matched the attendee",
    },
    previousBookingIds: {
      airtable: 'Previous Booking IDs',
      kind: 'idList',
      type: 'multilineText',
      column: 'previous_booking_ids',
      meaning: 'earlier uids of this session: a rescheduled booking, or a cancelled booking whose credit came back and was booked again; one per line',
    },
    paymentStatus: {
      airtable: 'Payment Status',
      kind: 'optionalChoice',
      type: 'singleSelect',
      options: PAYMENT_STATUSES,
      column: 'payment_status',
      meaning:
        'Paid; Refunded; Refunded After Booking (refunded while booked or used: for an operator); or why a booking uses no paid session: No Paid Session, Attendee Not Member, Credit Not Available',
    },
    creditStatus: {
      airtable: 'Credit Status',
      kind: 'optionalChoice',
      type: 'singleSelect',
      options: CREDIT_STATUSES,
      column: 'credit_status',
      meaning: 'a paid session: Available to book (also after a cancellation that returned it), Booked, Used, or Refunded',
    },
    plan: {
      airtable: 'Plan',
      kind: 'optionalChoice',
      type: 'singleSelect',
      options: PLAN_NAMES,
      column: 'plan',
      meaning: 'the plan the paid session was bought with',
    },
    amountCents: {
      airtable: 'Amount Cents',
      kind: 'cents',
      type: 'number',
      column: 'amount_cents',
      meaning: "this session's part of the price, in AUD cents (Weekly: 1334, 1333, 1333)",
    },
    hostShareCents: {
      airtable: 'Host Share Cents',
      kind: 'cents',
      type: 'number',
      column: 'host_share_cents',
      meaning: "the host's part of the amount (67% Adhoc, 75% Weekly), in cents",
    },
    platformShareCents: {
      airtable: 'Platform Share Cents',
      kind: 'cents',
      type: 'number',
      column: 'platform_share_cents',
      meaning: 'the rest of the amount, in cents; host + platform = amount',
    },
    purchaseId: {
      airtable: 'Purchase ID',
      kind: 'text',
      type: 'singleLineText',
      column: 'purchase_id',
      meaning: 'the purchase (`presence purchases list`)',
    },
    stripeCheckoutId: {
      airtable: 'Stripe Checkout ID',
      kind: 'text',
      type: 'singleLineText',
      column: 'stripe_checkout_id',
      meaning: "the Stripe Checkout Session (`cs_…`) that paid for it",
    },
    paidAt: {
      airtable: 'Paid At',
      kind: 'optionalDateTime',
      type: 'dateTime',
      column: 'paid_at',
      meaning: 'when the payment succeeded',
    },
    roomName: {
      airtable: 'Video Room Name',
      kind: 'text',
      type: 'singleLineText',
      column: 'room_name',
      meaning: "the room's name at the provider (`presence-<session id>`)",
    },
    cancellationReason: {
      airtable: 'Cancellation Reason',
      kind: 'text',
      type: 'multilineText',
      alsoAccepted: OR_SHORT_TEXT,
      column: 'cancellation_reason',
      meaning: "Cal.com's cancellation or rejection reason",
    },
    rescheduleRequested: {
      airtable: 'Reschedule Requested',
      kind: 'flag',
      type: 'checkbox',
      column: 'reschedule_requested',
      meaning: 'the host asked the member to pick a new time',
    },
    hostRating: {
      airtable: 'Host Rating',
      kind: 'rating',
      type: 'rating',
      alsoAccepted: ['number'],
      column: 'host_rating',
      meaning: "the host's rating of the session, given after leaving the call",
    },
    hostComment: {
      airtable: 'Host Comment',
      kind: 'text',
      type: 'multilineText',
      alsoAccepted: OR_SHORT_TEXT,
      column: 'host_comment',
      meaning: "the optional comment with the host's rating",
    },
    memberRating: {
      airtable: 'Member Rating',
      kind: 'rating',
      type: 'rating',
      alsoAccepted: ['number'],
      column: 'member_rating',
      meaning: "the member's rating of the session, given after leaving the call",
    },
    memberComment: {
      airtable: 'Member Comment',
      kind: 'text',
      type: 'multilineText',
      alsoAccepted: OR_SHORT_TEXT,
      column: 'member_comment',
      meaning: "the optional comment with the member's rating",
    },
    hostLikedMember: {
      airtable: 'Host Liked Member',
      kind: 'flag',
      type: 'checkbox',
      column: 'host_liked_member',
      meaning: 'the host marked after the session that they enjoyed meeting the member',
    },
    attendance: {
      airtable: 'Attendance',
      kind: 'optionalChoice',
      type: 'singleSelect',
      options: ATTENDANCE_LABELS,
      column: 'attendance',
      meaning:
        'from the video provider: In Progress while the call runs, then Attended, Member No-Show, Host No-Show (no payout, the credit comes back) or Both No-Show',
    },
    hostMinutes: {
      airtable: 'Host Minutes',
      kind: 'minutes',
      type: 'number',
      column: 'host_minutes',
      meaning: 'minutes the host was in the call (overlapping visits counted once)',
    },
    memberMinutes: {
      airtable: 'Member Minutes',
      kind: 'minutes',
      type: 'number',
      column: 'member_minutes',
      meaning: 'minutes the member was in the call',
    },
    lastSms: {
      airtable: 'Last SMS',
      kind: 'text',
      type: 'singleLineText',
      column: 'last_sms',
      meaning: 'the newest message about the session: its template and who it is to, e.g. "Pre-Session Reminder to member" (`presence messages list --session <id>` shows them all)',
    },
    lastSmsStatus: {
      airtable: 'Last SMS Status',
      kind: 'optionalChoice',
      type: 'singleSelect',
      options: SMS_RECORD_STATUSES,
      column: 'last_sms_status',
      meaning:
        "that message's state: Queued (due, or waiting for the recipient's daytime or a retry), Sending (answer not recorded yet), Sent (Twilio took it), then Delivered or Undelivered from Twilio's status callbacks; Failed (waits for an operator), Skipped (not sent: the number replied STOP, or the session moved or started first), Logged (the local stand-in)",
    },
    lastSmsErrorCode: {
      airtable: 'Last SMS Error Code',
      kind: 'text',
      type: 'singleLineText',
      column: 'last_sms_error_code',
      meaning: "Twilio's error code for that message (a refused send, or an undelivered or failed delivery, e.g. 21211, 30003)",
    },
    lastReminderSentAt: {
      airtable: 'Last Reminder Sent',
      kind: 'optionalDateTime',
      type: 'dateTime',
      column: 'last_reminder_sent_at',
      meaning: 'when the latest "Pre-Session Reminder" about the session went out (to either side)',
    },
  },
} as const satisfies TableSpec

export const HOSTS_TABLE = {
  airtable: 'Hosts',
  postgres: 'hosts',
  fields: {
    name: {
      airtable: 'Name',
      kind: 'textOrBlank',
      type: 'singleLineText',
      alsoAccepted: OR_LONG_TEXT,
      column: 'name',
      meaning: "the host's name, shown to members",
    },
    email: {
      airtable: 'Email',
      kind: 'textOrBlank',
      type: 'email',
      alsoAccepted: ['singleLineText'],
      column: 'email',
      meaning: 'matched, ignoring case, with the organizer of a Cal.com booking',
    },
    phone: {
      airtable: 'Phone',
      kind: 'text',
      type: 'phoneNumber',
      alsoAccepted: ['singleLineText'],
      column: 'phone',
      meaning: "the host's phone (E.164)",
    },
    bio: {
      airtable: 'Bio',
      kind: 'text',
      type: 'multilineText',
      alsoAccepted: OR_SHORT_TEXT,
      column: 'bio',
      meaning: 'a few lines about the host, shown to members',
    },
    personalityTags: {
      airtable: 'Personality Tags',
      kind: 'tags',
      type: 'multipleSelects',
      column: 'personality_tags',
      meaning: 'words members choose a host by',
    },
    status: {
      airtable: 'Status',
      kind: 'choice',
      type: 'singleSelect',
      options: ['Active', 'Inactive'],
      whenEmpty: 'Inactive',
      whenOther: 'Inactive',
      column: 'status',
      meaning: 'only Active hosts are listed; any other value counts as Inactive',
    },
    calLink: {
      airtable: 'Cal.com Link',
      kind: 'text',
      type: 'singleLineText',
      alsoAccepted: ['url'],
      column: 'cal_link',
      meaning: "the host's booking link, e.g. `jane/session`",
    },
    timeZone: {
      airtable: 'Time Zone',
      kind: 'text',
      type: 'singleLineText',
      alsoAccepted: ['singleSelect'],
      column: 'time_zone',
      meaning: "the host's IANA time zone, e.g. `Australia/Sydney`",
    },
  },
} as const satisfies TableSpec

export const MEMBERS_TABLE = {
  airtable: 'Members',
  postgres: 'members',
  fields: {
    name: {
      airtable: 'Name',
      kind: 'textOrBlank',
      type: 'singleLineText',
      alsoAccepted: OR_LONG_TEXT,
      column: 'name',
      meaning: "the member's name",
    },
    email: {
      airtable: 'Email',
      kind: 'text',
      type: 'email',
      alsoAccepted: ['singleLineText'],
      column: 'email',
      meaning: 'links a booking to the member when its attendee has this email',
    },
    phone: {
      airtable: 'Phone',
      kind: 'text',
      type: 'phoneNumber',
      alsoAccepted: ['singleLineText'],
      column: 'phone',
      meaning: "the member's phone (E.164); also links a booking whose attendee has it",
    },
    timeZone: {
      airtable: 'Time Zone',
      kind: 'text',
      type: 'singleLineText',
      alsoAccepted: ['singleSelect'],
      column: 'time_zone',
      meaning: "the member's IANA time zone",
    },
    status: {
      airtable: 'Status',
      kind: 'text',
      type: 'singleSelect',
      alsoAccepted: ['singleLineText'],
      column: 'status',
      meaning: 'kept as the operators set it',
    },
  },
} as const satisfies TableSpec

export const TEMPLATES_TABLE = {
  airtable: 'Templates',
  postgres: 'templates',
  fields: {
    name: {
      airtable: 'Name',
      kind: 'textOrBlank',
      type: 'singleLineText',
      alsoAccepted: ['singleSelect'],
      column: 'name',
      meaning: 'the name the code asks for, e.g. "Pre-Session Reminder"',
    },
    body: {
      airtable: 'Body',
      kind: 'textOrBlank',
      type: 'multilineText',
      alsoAccepted: OR_SHORT_TEXT,
      column: 'body',
      meaning: 'the message, with `{{placeholders}}`',
    },
  },
} as const satisfies TableSpec

/** Every table, in the order the README and `presence airtable check` list them. */
export const FIELD_TABLES: readonly TableSpec[] = [OPERATIONS_TABLE, HOSTS_TABLE, MEMBERS_TABLE, TEMPLATES_TABLE]

export const TABLES = {
  operations: OPERATIONS_TABLE.airtable,
  hosts: HOSTS_TABLE.airtable,
  members: MEMBERS_TABLE.airtable,
  templates: TEMPLATES_TABLE.airtable,
} as const

export const OPERATION_FIELDS = airtableNames(OPERATIONS_TABLE.fields)
export const HOST_FIELDS = airtableNames(HOSTS_TABLE.fields)
export const MEMBER_FIELDS = airtableNames(MEMBERS_TABLE.fields)
export const TEMPLATE_FIELDS = airtableNames(TEMPLATES_TABLE.fields)
