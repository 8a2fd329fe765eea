import { OPERATIONS_TABLE } from '../../../../../shared/operations/fields.ts'
import type { OperationRecord } from '../../../../../shared/operations/record.ts'
import { cellsSchema, readRow, toCells } from './cells.ts'
import type { AirtableRecord } from './responses.ts'

/** Presence Operations record <-> Airtable cells, as `OPERATIONS_TABLE` declares them. */

const operationCellsSchema = cellsSchema(OPERATIONS_TABLE.fields)

export function toAirtableFields(record: OperationRecord): Record<string, unknown> {
  return toCells(OPERATIONS_TABLE.fields, record)
}

export function fromAirtableRecord(row: AirtableRecord): OperationRecord {
  return readRow(operationCellsSchema, row, OPERATIONS_TABLE.airtable)
}
