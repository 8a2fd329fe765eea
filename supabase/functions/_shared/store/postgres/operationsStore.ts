import { OPERATIONS_TABLE } from '../../../../../shared/operations/fields.ts'
import type { Sql } from '../../db/connect.ts'
import type { OperationsStore } from '../operationsStore.ts'
import { columnsOf, fromRow, toRow } from './columns.ts'

const FIELDS = OPERATIONS_TABLE.fields
/** Every column but the key: what an upsert overwrites. */
const UPDATED_COLUMNS = columnsOf(FIELDS).filter((column) => column !== FIELDS.sessionId.column)

/** Presence Operations in the `presence_operations` table: the embedded default. */
export function createPostgresOperationsStore(sql: Sql): OperationsStore {
  return {
    kind: 'postgres',

    async get(sessionId) {
      const [row] = await sql<Record<string, unknown>[]>`select * from presence_operations where session_id = ${sessionId}`
      return row ? fromRow(FIELDS, row) : null
    },

    async findByBookingId(bookingId) {
      const [row] = await sql<Record<string, unknown>[]>`select * from presence_operations where booking_id = ${bookingId} limit 1`
      return row ? fromRow(FIELDS, row) : null
    },

    async save(records) {
      for (const record of records) {
        const row = toRow(FIELDS, record)
        await sql`
          insert into presence_operations ${sql(row)}
          on conflict (session_id) do update set ${sql(row, UPDATED_COLUMNS)}, updated_at = now()`
      }
    },

    async remove(sessionIds) {
      if (sessionIds.length === 0) return
      await sql`delete from presence_operations where session_id = any(${sessionIds}::text[])`
    },

    async listStartingBetween(from, to) {
      const rows = await sql<Record<string, unknown>[]>`
        select * from presence_operations where session_start >= ${from} and session_start < ${to} order by session_start`
      return rows.map((row) => fromRow(FIELDS, row))
    },
  }
}
