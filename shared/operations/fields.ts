/**
 * Airtable table and field names. They are the operators' interface: never rename one here
 * without renaming it in the base. `presence airtable check` compares a live base with these.
 */
export const TABLES = {
  operations: 'Presence Operations',
  hosts: 'Hosts',
  members: 'Members',
  templates: 'Templates',
} as const

export const OPERATION_FIELDS = {
  bookingId: 'Cal.com Booking ID',
  roomUrl: 'Video Room URL',
  roomStatus: 'Video Room Status',
  bookingStatus: 'Booking Status',
  hostJoined: 'Host Joined',
  memberJoined: 'Member Joined',
  sessionStart: 'Session Start Time',
  memberName: 'Member Name',
  hostName: 'Host Name',
  calUrl: 'Cal.com URL',
  sessionEnd: 'Session End Time',
  title: 'Session Title',
  hostEmail: 'Host Email',
  hostId: 'Host Record ID',
  memberEmail: 'Member Email',
  memberPhone: 'Member Phone',
  memberId: 'Member Record ID',
  previousBookingIds: 'Previous Booking IDs',
  roomName: 'Video Room Name',
  cancellationReason: 'Cancellation Reason',
  rescheduleRequested: 'Reschedule Requested',
  hostRating: 'Host Rating',
  hostComment: 'Host Comment',
  memberRating: 'Member Rating',
  memberComment: 'Member Comment',
} as const

export const HOST_FIELDS = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  bio: 'Bio',
  personalityTags: 'Personality Tags',
  status: 'Status',
  calLink: 'Cal.com Link',
  timeZone: 'Time Zone',
} as const

export const MEMBER_FIELDS = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  timeZone: 'Time Zone',
  status: 'Status',
} as const

export const TEMPLATE_FIELDS = {
  name: 'Name',
  body: 'Body',
} as const

export const TEMPLATE_NAMES = [
  'Pre-Session Reminder',
  'Post-Session Thank You',
  'Holiday Message',
  'Inactive 48h Reminder',
] as const
export type TemplateName = (typeof TEMPLATE_NAMES)[number]
