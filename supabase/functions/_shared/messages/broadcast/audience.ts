import { MEMBERS_TABLE } from '../../../../../shared/operations/fields.ts'
import type { Member } from '../../../../../shared/operations/record.ts'
import type { Sql } from '../../db/connect.ts'
import { cellsSchema, readRow } from '../../store/airtable/cells.ts'
import type { AirtableClient } from '../../store/airtable/client.ts'
import { columnsOf, fromRow } from '../../store/postgres/columns.ts'

/** Every member a broadcast may reach, from the store the directory reads (Airtable's Members, or Postgres). */
export type ListMembers = () => Promise<Member[]>

const MEMBER_COLUMNS = columnsOf(MEMBERS_TABLE.fields)
const memberCells = cellsSchema(MEMBERS_TABLE.fields)

export function postgresMembers(sql: Sql): ListMembers {
  return async () => {
    const rows = await sql<(Record<string, unknown> & { id: string })[]>`select id::text, ${sql(MEMBER_COLUMNS)} from members order by name, id`
    return rows.map((row) => ({ id: row.id, ...fromRow(MEMBERS_TABLE.fields, row) }))
  }
}

/** Every page of the Members table (100 records a request, within the base's 5 requests a second). */
export function airtableMembers(client: AirtableClient): ListMembers {
  return async () => {
    const rows = await client.listRecords(MEMBERS_TABLE.airtable)
    return rows.map((row) => ({ id: row.id, ...readRow(memberCells, row, MEMBERS_TABLE.airtable) }))
  }
}
