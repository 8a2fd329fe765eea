import { describe, expect, it } from 'vitest'
import { FIELD_TABLES } from '../../shared/operations/fields.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()

/** Columns a table has besides its fields: a record id, or when the row last changed. */
const BOOKKEEPING: Record<string, string[]> = {
  presence_operations: ['updated_at'],
  hosts: ['id'],
  members: ['id'],
  templates: [],
}

describe('the migrated Postgres stand-in', () => {
  for (const table of FIELD_TABLES) {
    it(`${table.postgres} has exactly a column for each declared ${table.airtable} field`, async () => {
      const rows = await db.sql<{ column_name: string }[]>`
        select column_name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table.postgres}`
      const declared = Object.values(table.fields).map((field) => field.column)
      expect(rows.map((row) => row.column_name).sort()).toEqual([...declared, ...(BOOKKEEPING[table.postgres] ?? [])].sort())
    })
  }
})
