import type { AirtableType } from '../../../shared/operations/fieldSpec.ts'
import { FIELD_TABLES } from '../../../shared/operations/fields.ts'

export interface FieldSpec {
  name: string
  type: AirtableType
  choices?: readonly string[]
}

export interface TableSpec {
  name: string
  /** The first field is the primary field. */
  fields: FieldSpec[]
}

/** Options an operator gave select fields the code neither writes nor filters on. */
const OPERATOR_CHOICES: Record<string, Record<string, readonly string[]>> = {
  Hosts: { 'Personality Tags': ['Calm', 'Direct', 'Funny', 'Warm'] },
  Members: { Status: ['Active', 'Paused'] },
}

/** The base as an operator following the README would build it: every declared field, with its first type. */
export function seedTables(): TableSpec[] {
  return FIELD_TABLES.map((table) => ({
    name: table.airtable,
    fields: Object.values(table.fields).map((field) => {
      const choices = field.kind === 'choice' || field.kind === 'optionalChoice' ? field.options : OPERATOR_CHOICES[table.airtable]?.[field.airtable]
      return { name: field.airtable, type: field.type, ...(choices ? { choices } : {}) }
    }),
  }))
}
