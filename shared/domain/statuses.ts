/** `Booking Status` options in Presence Operations (Airtable single select). */
export const BOOKING_STATUSES = ['Pending', 'Created', 'Cancelled', 'Completed'] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]

/** `Video Room Status` options in Presence Operations (Airtable single select). */
export const ROOM_STATUSES = ['Not Created', 'Active', 'Ended'] as const
export type RoomStatus = (typeof ROOM_STATUSES)[number]
