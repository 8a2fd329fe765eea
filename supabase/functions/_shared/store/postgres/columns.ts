import type { FieldTable, RecordOf } from '../../../../../shared/operations/fieldSpec.ts'

/** A record <-> a row of the Postgres stand-in, for any table's declaration. */

export function columnsOf(fields: FieldTable): string[] {
  return Object.values(fields).map((field) => field.column)
}

/** What a record's values are. */
type ColumnValue = string | number | boolean | string[] | null

/** Values pass as they are: Postgres parses the ISO date-times and takes string[] as text[]. */
export function toRow<Fields extends FieldTable>(fields: Fields, record: RecordOf<Fields>): Record<string, ColumnValue> {
  const values = record as Record<string, ColumnValue>
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [field.column, values[key] as ColumnValue]))
}

/** timestamptz columns come back as Dates; records hold ISO 8601 UTC strings. */
export function fromRow<Fields extends FieldTable>(fields: Fields, row: Record<string, unknown>): RecordOf<Fields> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, field]) => {
      const value = row[field.column]
      const isTime = field.kind === 'dateTime' || (field.kind === 'optionalDateTime' && value !== null)
      return [key, isTime ? new Date(value as string | Date).toISOString() : value]
    }),
  ) as RecordOf<Fields>
}
