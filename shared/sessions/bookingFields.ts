import type { RoomStatus } from '../domain/statuses.ts'
import type { MessageRecordFields } from '../messages/messageRecord.ts'
import type { OperationRecord } from '../operations/record.ts'
import type { BookingState } from './bookingState.ts'

/** What the session page and the dashboards recorded: joins as the video provider reported them, ratings, the host's like. */
export type SessionFeedback = Pick<
  OperationRecord,
  | 'hostJoined'
  | 'memberJoined'
  | 'hostRating'
  | 'hostComment'
  | 'memberRating'
  | 'memberComment'
  | 'hostLikedMember'
  | 'attendance'
  | 'hostMinutes'
  | 'memberMinutes'
>

/** The record's payment fields: set from a paid session (`shared/credits/paidSessionRecord.ts`). */
export type PaymentFields = Pick<
  OperationRecord,
  'paymentStatus' | 'creditStatus' | 'plan' | 'amountCents' | 'hostShareCents' | 'platformShareCents' | 'purchaseId' | 'stripeCheckoutId' | 'paidAt'
>

/** Everything on a record about its booking and room (its messages are read per record: `shared/messages/messageRecord.ts`). */
export type BookingFields = Omit<OperationRecord, 'sessionId' | keyof PaymentFields | keyof MessageRecordFields>

export const NO_PAYMENT: PaymentFields = {
  paymentStatus: null,
  creditStatus: null,
  plan: null,
  amountCents: null,
  hostShareCents: null,
  platformShareCents: null,
  purchaseId: null,
  stripeCheckoutId: null,
  paidAt: null,
}

/** A paid session nobody has booked yet. */
export const NOT_BOOKED: BookingFields = {
  bookingId: null,
  previousBookingIds: [],
  bookingStatus: null,
  roomStatus: 'Not Created',
  roomUrl: null,
  roomName: null,
  sessionStart: null,
  sessionEnd: null,
  title: null,
  hostName: null,
  hostEmail: null,
  hostId: null,
  memberName: null,
  memberEmail: null,
  memberPhone: null,
  memberId: null,
  calUrl: null,
  cancellationReason: null,
  rescheduleRequested: false,
  hostJoined: false,
  memberJoined: false,
  hostRating: null,
  hostComment: null,
  memberRating: null,
  memberComment: null,
  hostLikedMember: false,
  attendance: null,
  hostMinutes: null,
  memberMinutes: null,
}

/** A booking's part of the record operators see. */
export function bookingFields(
  state: BookingState,
  room: { status: RoomStatus; url: string | null; name: string },
  calAppUrl: string,
  feedback: SessionFeedback,
): BookingFields {
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
