/**
 * The vocabulary of the field declaration in `fields.ts`: what a field is, and which TypeScript
 * value each kind of field holds in a record.
 */

/** Airtable field types Presence creates or accepts (the Meta API's `type`). */
export type AirtableType =
  | 'singleLineText'
  | 'multilineText'
  | 'richText'
  | 'email'
  | 'url'
  | 'phoneNumber'
  | 'singleSelect'
  | 'multipleSelects'
  | 'checkbox'
  | 'dateTime'
  | 'number'
  | 'rating'

interface FieldBase {
  /** The Airtable field name, exactly as the operators' base spells it. */
  airtable: string
  /** The type `presence airtable check` asks for when the field is missing. */
  type: AirtableType
  /** Other types an operator may have chosen that read and write the same way. */
  alsoAccepted?: readonly AirtableType[]
  /** The column in the Postgres stand-in. */
  column: string
  /** One line for the README. */
  meaning: string
}

/**
 * How a value is held, and so how it is written to a cell and read back. Airtable leaves out
 * empty cells and unticked checkboxes, so each kind says what an empty cell reads as.
 */
export type FieldSpec =
  /** Text that identifies the record: a row without it cannot be read. */
  | (FieldBase & { kind: 'key' })
  /** Text; an empty cell is null. */
  | (FieldBase & { kind: 'text' })
  /** Text; an empty cell is "". */
  | (FieldBase & { kind: 'textOrBlank' })
  /** An ISO 8601 UTC date-time; a row without it cannot be read. */
  | (FieldBase & { kind: 'dateTime' })
  /** An ISO 8601 UTC date-time; an empty cell is null (a paid session not booked yet has no start). */
  | (FieldBase & { kind: 'optionalDateTime' })
  /** Money as a whole number of cents; an empty cell is null. */
  | (FieldBase & { kind: 'cents' })
  /** A checkbox; empty is false. */
  | (FieldBase & { kind: 'flag' })
  /** A whole number of minutes; an empty cell is null. */
  | (FieldBase & { kind: 'minutes' })
  /** 1-5 stars; empty is null. */
  | (FieldBase & { kind: 'rating' })
  /** Booking ids, one per line in Airtable, a text[] in Postgres; empty is []. */
  | (FieldBase & { kind: 'idList' })
  /** A multiple select; empty is []. */
  | (FieldBase & { kind: 'tags' })
  /**
   * A single select the code writes or filters on. An empty cell reads as `whenEmpty`; another
   * option makes the row unreadable unless `whenOther` says what it reads as.
   */
  | (FieldBase & { kind: 'choice'; options: readonly [string, ...string[]]; whenEmpty: string; whenOther?: string })
  /** A single select whose empty cell means "not applicable" (null); another option makes the row unreadable. */
  | (FieldBase & { kind: 'optionalChoice'; options: readonly [string, ...string[]] })

export type FieldKind = FieldSpec['kind']

/** A table's fields, keyed by the record property each one fills. */
export type FieldTable = Readonly<Record<string, FieldSpec>>

export interface TableSpec<Fields extends FieldTable = FieldTable> {
  /** The Airtable table name. */
  airtable: string
  /** The table in the Postgres stand-in. */
  postgres: string
  fields: Fields
}

type ValueOf<F extends FieldSpec> = F extends { kind: 'key' | 'textOrBlank' | 'dateTime' }
  ? string
  : F extends { kind: 'text' | 'optionalDateTime' }
    ? string | null
    : F extends { kind: 'cents' | 'minutes' }
      ? number | null
      : F extends { kind: 'flag' }
      ? boolean
      : F extends { kind: 'rating' }
        ? number | null
        : F extends { kind: 'idList' | 'tags' }
          ? string[]
          : F extends { kind: 'choice'; options: readonly (infer Option)[] }
            ? Option
            : F extends { kind: 'optionalChoice'; options: readonly (infer Option)[] }
              ? Option | null
              : never

/** The record a table's declaration describes: one property per field. */
export type RecordOf<Fields extends FieldTable> = { -readonly [Key in keyof Fields]: ValueOf<Fields[Key]> }

/** `{ key: 'Airtable Field Name' }`, for formulas and for code that names one field. */
export function airtableNames<Fields extends FieldTable>(fields: Fields): { readonly [Key in keyof Fields]: Fields[Key]['airtable'] } {
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, field.airtable])) as {
    readonly [Key in keyof Fields]: Fields[Key]['airtable']
  }
}
