import type { BookingStatus, RoomStatus } from '../domain/statuses.ts'

/** One Presence Operations record: a session as operators see it. Times are ISO 8601 UTC. */
export interface OperationRecord {
  bookingId: string
  previousBookingIds: string[]
  bookingStatus: BookingStatus
  roomStatus: RoomStatus
  roomUrl: string | null
  roomName: string | null
  sessionStart: string
  sessionEnd: string
  title: string | null
  hostName: string | null
  hostEmail: string | null
  hostId: string | null
  memberName: string | null
  memberEmail: string | null
  memberPhone: string | null
  memberId: string | null
  calUrl: string | null
  cancellationReason: string | null
  rescheduleRequested: boolean
  hostJoined: boolean
  memberJoined: boolean
  /** 1-5 stars each side gave the session after leaving, with an optional comment. */
  hostRating: number | null
  hostComment: string | null
  memberRating: number | null
  memberComment: string | null
}

export interface Host {
  id: string
  name: string
  email: string
  phone: string | null
  bio: string | null
  personalityTags: string[]
  status: 'Active' | 'Inactive'
  calLink: string | null
  timeZone: string | null
}

export interface Member {
  id: string
  name: string
  email: string | null
  phone: string | null
  timeZone: string | null
  status: string | null
}

export interface Template {
  name: string
  body: string
}
