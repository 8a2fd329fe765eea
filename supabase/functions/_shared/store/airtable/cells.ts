import { z } from 'zod'
import type { FieldSpec, FieldTable, RecordOf } from '../../../../../shared/operations/fieldSpec.ts'
import { ProviderError } from '../../errors.ts'
import { decodeIdList, encodeIdList } from './idList.ts'
import type { AirtableRecord } from './responses.ts'

/**
 * A record <-> Airtable cells, for any table's declaration. Airtable leaves out empty cells and
 * unticked checkboxes, so a missing cell reads as its kind's empty value, and we write null to
 * clear one.
 */

const isoDateTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time')
  .transform((value) => new Date(value).toISOString())

/** Reads one cell into the record's value. */
function cellSchema(field: FieldSpec): z.ZodType {
  switch (field.kind) {
    case 'key':
      return z.string()
    case 'text':
      return z.string().optional().transform((value) => value ?? null)
    case 'textOrBlank':
      return z.string().optional().transform((value) => value ?? '')
    case 'dateTime':
      return isoDateTime
    case 'optionalDateTime':
      return isoDateTime.optional().transform((value) => value ?? null)
    case 'cents':
    case 'minutes':
      return z.number().int().min(0).optional().transform((value) => value ?? null)
    case 'optionalChoice':
      return z.enum(field.options).optional().transform((value) => value ?? null)
    case 'flag':
      return z.boolean().optional().transform((value) => value ?? false)
    case 'rating':
      return z.number().int().min(1).max(5).optional().transform((value) => value ?? null)
    case 'idList':
      return z.string().optional().transform((value) => decodeIdList(value ?? ''))
    case 'tags':
      return z.array(z.string()).optional().transform((value) => value ?? [])
    case 'choice': {
      const { options, whenEmpty, whenOther } = field
      if (whenOther === undefined) return z.enum(options).optional().transform((value) => value ?? whenEmpty)
      return z
        .string()
        .optional()
        .transform((value) => (value === undefined ? whenEmpty : options.includes(value) ? value : whenOther))
    }
  }
}

/** The zod schema of a row's cells, giving the record the declaration describes. */
export function cellsSchema<Fields extends FieldTable>(fields: Fields): z.ZodType<RecordOf<Fields>> {
  const entries = Object.entries(fields)
  return z
    .object(Object.fromEntries(entries.map(([, field]) => [field.airtable, cellSchema(field)])))
    .transform((cells) => Object.fromEntries(entries.map(([key, field]) => [key, cells[field.airtable]])) as RecordOf<Fields>)
}

/** Reads a row, or fails naming the table, the record and every cell that cannot be read. */
export function readRow<Fields extends FieldTable>(schema: z.ZodType<RecordOf<Fields>>, row: AirtableRecord, table: string): RecordOf<Fields> {
  const parsed = schema.safeParse(row.fields)
  if (parsed.success) return parsed.data
  throw new ProviderError('airtable', `${table} record ${row.id} cannot be read:\n${z.prettifyError(parsed.error)}`, false)
}

/** The cells to write for a record. A malformed date-time throws, naming the record property. */
export function toCells<Fields extends FieldTable>(fields: Fields, record: RecordOf<Fields>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, field]) => [field.airtable, cellValue(field, key, (record as Record<string, unknown>)[key])]),
  )
}

function cellValue(field: FieldSpec, key: string, value: unknown): unknown {
  switch (field.kind) {
    case 'text':
    case 'textOrBlank':
      return value === '' ? null : value
    case 'dateTime':
      return isoDateTimeOf(value as string, key)
    case 'optionalDateTime':
      return value === null ? null : isoDateTimeOf(value as string, key)
    case 'idList': {
      const encoded = encodeIdList(value as string[])
      return encoded === '' ? null : encoded
    }
    default:
      return value
  }
}

function isoDateTimeOf(value: string, name: string): string {
  const time = Date.parse(value)
  if (Number.isNaN(time)) throw new RangeError(`${name} is not a date-time: ${JSON.stringify(value)}`)
  return new Date(time).toISOString()
}
