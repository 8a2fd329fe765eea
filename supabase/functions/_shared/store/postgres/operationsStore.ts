import type { OperationRecord } from '../../../../../shared/operations/record.ts'
import type { Sql } from '../../db/connect.ts'
import type { OperationsStore } from '../operationsStore.ts'

interface Row {
  booking_id: string
  previous_booking_ids: string[]
  booking_status: OperationRecord['bookingStatus']
  room_status: OperationRecord['roomStatus']
  room_url: string | null
  room_name: string | null
  session_start: Date
  session_end: Date
  title: string | null
  host_name: string | null
  host_email: string | null
  host_id: string | null
  member_name: string | null
  member_email: string | null
  member_phone: string | null
  member_id: string | null
  cal_url: string | null
  cancellation_reason: string | null
  reschedule_requested: boolean
  host_joined: boolean
  member_joined: boolean
  host_rating: number | null
  host_comment: string | null
  member_rating: number | null
  member_comment: string | null
}

/** Presence Operations in the `presence_operations` table: the embedded default. */
export function createPostgresOperationsStore(sql: Sql): OperationsStore {
  return {
    kind: 'postgres',

    async get(bookingId) {
      const [row] = await sql<Row[]>`select * from presence_operations where booking_id = ${bookingId}`
      return row ? fromRow(row) : null
    },

    async save(records) {
      for (const record of records) {
        await sql.begin(async (tx) => {
          // A reschedule renames the existing record, so the upsert below updates it.
          if (record.previousBookingIds.length > 0) {
            await tx`
              update presence_operations set booking_id = ${record.bookingId}
              where booking_id = (
                select booking_id from presence_operations where booking_id = any(${record.previousBookingIds}::text[]) limit 1)
                and not exists (select 1 from presence_operations where booking_id = ${record.bookingId})`
            // Two records for one session (from events that arrived before the reschedule
            // linking them): the one under the old uid goes.
            await tx`
              delete from presence_operations
              where booking_id = any(${record.previousBookingIds}::text[]) and booking_id <> ${record.bookingId}
                and exists (select 1 from presence_operations where booking_id = ${record.bookingId})`
          }
          await tx`
          insert into presence_operations ${tx(toRow(record))}
          on conflict (booking_id) do update set
            previous_booking_ids = excluded.previous_booking_ids,
            booking_status = excluded.booking_status,
            room_status = excluded.room_status,
            room_url = excluded.room_url,
            room_name = excluded.room_name,
            session_start = excluded.session_start,
            session_end = excluded.session_end,
            title = excluded.title,
            host_name = excluded.host_name,
            host_email = excluded.host_email,
            host_id = excluded.host_id,
            member_name = excluded.member_name,
            member_email = excluded.member_email,
            member_phone = excluded.member_phone,
            member_id = excluded.member_id,
            cal_url = excluded.cal_url,
            cancellation_reason = excluded.cancellation_reason,
            reschedule_requested = excluded.reschedule_requested,
            host_joined = excluded.host_joined,
            member_joined = excluded.member_joined,
            host_rating = excluded.host_rating,
            host_comment = excluded.host_comment,
            member_rating = excluded.member_rating,
            member_comment = excluded.member_comment,
            updated_at = now()`
        })
      }
    },

    async listStartingBetween(from, to) {
      const rows = await sql<Row[]>`
        select * from presence_operations where session_start >= ${from} and session_start < ${to} order by session_start`
      return rows.map(fromRow)
    },
  }
}

function toRow(record: OperationRecord): Omit<Row, 'session_start' | 'session_end'> & { session_start: string; session_end: string } {
  return {
    booking_id: record.bookingId,
    previous_booking_ids: record.previousBookingIds,
    booking_status: record.bookingStatus,
    room_status: record.roomStatus,
    room_url: record.roomUrl,
    room_name: record.roomName,
    session_start: record.sessionStart,
    session_end: record.sessionEnd,
    title: record.title,
    host_name: record.hostName,
    host_email: record.hostEmail,
    host_id: record.hostId,
    member_name: record.memberName,
    member_email: record.memberEmail,
    member_phone: record.memberPhone,
    member_id: record.memberId,
    cal_url: record.calUrl,
    cancellation_reason: record.cancellationReason,
    reschedule_requested: record.rescheduleRequested,
    host_joined: record.hostJoined,
    member_joined: record.memberJoined,
    host_rating: record.hostRating,
    host_comment: record.hostComment,
    member_rating: record.memberRating,
    member_comment: record.memberComment,
  }
}

function fromRow(row: Row): OperationRecord {
  return {
    bookingId: row.booking_id,
    previousBookingIds: row.previous_booking_ids,
    bookingStatus: row.booking_status,
    roomStatus: row.room_status,
    roomUrl: row.room_url,
    roomName: row.room_name,
    sessionStart: new Date(row.session_start).toISOString(),
    sessionEnd: new Date(row.session_end).toISOString(),
    title: row.title,
    hostName: row.host_name,
    hostEmail: row.host_email,
    hostId: row.host_id,
    memberName: row.member_name,
    memberEmail: row.member_email,
    memberPhone: row.member_phone,
    memberId: row.member_id,
    calUrl: row.cal_url,
    cancellationReason: row.cancellation_reason,
    rescheduleRequested: row.reschedule_requested,
    hostJoined: row.host_joined,
    memberJoined: row.member_joined,
    hostRating: row.host_rating,
    hostComment: row.host_comment,
    memberRating: row.member_rating,
    memberComment: row.member_comment,
  }
}
