import type { RoomStatus } from '../domain/statuses.ts'
import type { OperationRecord } from '../operations/record.ts'
import type { BookingState } from './bookingState.ts'

/** What the session page recorded: joins as the video provider reported them, and ratings. */
export type SessionFeedback = Pick<OperationRecord, 'hostJoined' | 'memberJoined' | 'hostRating' | 'hostComment' | 'memberRating' | 'memberComment'>

/** The Presence Operations record operators see for a session. */
export function toOperationRecord(
  state: BookingState,
  room: { status: RoomStatus; url: string | null; name: string },
  calAppUrl: string,
  feedback: SessionFeedback,
): OperationRecord {
  return {
    bookingId: state.bookingId,
    previousBookingIds: state.previousBookingIds,
    bookingStatus: state.status,
    roomStatus: room.status,
    roomUrl: room.url,
    roomName: room.name,
    sessionStart: state.start,
    sessionEnd: state.end,
    title: state.title,
    hostName: state.hostName,
    hostEmail: state.hostEmail,
    hostId: state.hostId,
    memberName: state.memberName,
    memberEmail: state.memberEmail,
    memberPhone: state.memberPhone,
    memberId: state.memberId,
    calUrl: `${calAppUrl}/booking/${encodeURIComponent(state.bookingId)}`,
    cancellationReason: state.cancellationReason,
    rescheduleRequested: state.rescheduleRequested,
    ...feedback,
  }
}
