/** `Booking Status` options in Presence Operations (Airtable single select). */
export const BOOKING_STATUSES = ['Pending', 'Created', 'Cancelled', 'Completed'] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]

/** `Video Room Status` options in Presence Operations (Airtable single select). */
export const ROOM_STATUSES = ['Not Created', 'Active', 'Ended'] as const
export type RoomStatus = (typeof ROOM_STATUSES)[number]

/**
 * Why a booking uses no paid session, as its record's `Payment Status` says it: booked straight
 * on Cal.com (or with no session id), booked by someone other than the member who paid, or
 * naming a paid session that is not theirs to use (unknown, another host's, already used, refunded).
 */
export const BOOKING_PAYMENT_FLAGS = ['No Paid Session', 'Attendee Not Member', 'Credit Not Available'] as const
export type BookingPaymentFlag = (typeof BOOKING_PAYMENT_FLAGS)[number]

/** `Payment Status` options in Presence Operations: a paid session's, or a flagged booking's. */
export const PAYMENT_STATUSES = ['Paid', 'Refunded', 'Refunded After Booking', ...BOOKING_PAYMENT_FLAGS] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** `Credit Status` options: where a paid session stands (Postgres keeps them in lower case). */
export const CREDIT_STATUSES = ['Available', 'Booked', 'Used', 'Refunded'] as const
export type CreditStatus = (typeof CREDIT_STATUSES)[number]

/** A host's payout line (migration 0019): owed, or paid by an operator (`presence payouts mark-paid`). */
export const PAYOUT_STATUSES = ['due', 'paid'] as const
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number]

/**
 * `Last SMS Status` options in Presence Operations: the session's newest message's state, and once
 * Twilio took it, how delivery went (`shared/messages/messageRecord.ts`).
 */
export const SMS_RECORD_STATUSES = ['Queued', 'Sending', 'Sent', 'Delivered', 'Undelivered', 'Failed', 'Skipped', 'Logged'] as const
export type SmsRecordStatus = (typeof SMS_RECORD_STATUSES)[number]
