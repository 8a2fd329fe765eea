import { OPERATIONS_TABLE } from '../../../../../shared/operations/fields.ts'
import type { Sql } from '../../db/connect.ts'
import type { OperationsStore } from '../operationsStore.ts'
import { columnsOf, fromRow, toRow } from './columns.ts'

const FIELDS = OPERATIONS_TABLE.fields
/** Every column but the key: what an upsert overwrites. */
const UPDATED_COLUMNS = columnsOf(FIELDS).filter((column) => column !== FIELDS.bookingId.column)

/** Presence Operations in the `presence_operations` table: the embedded default. */
export function createPostgresOperationsStore(sql: Sql): OperationsStore {
  return {
    kind: 'postgres',

    async get(bookingId) {
      const [row] = await sql<Record<string, unknown>[]>`select * from presence_operations where booking_id = ${bookingId}`
      return row ? fromRow(FIELDS, row) : null
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
          const row = toRow(FIELDS, record)
          await tx`
            insert into presence_operations ${tx(row)}
            on conflict (booking_id) do update set ${tx(row, UPDATED_COLUMNS)}, updated_at = now()`
        })
      }
    },

    async listStartingBetween(from, to) {
      const rows = await sql<Record<string, unknown>[]>`
        select * from presence_operations where session_start >= ${from} and session_start < ${to} order by session_start`
      return rows.map((row) => fromRow(FIELDS, row))
    },
  }
}
