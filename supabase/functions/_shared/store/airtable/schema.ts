import { FIELD_TABLES } from '../../../../../shared/operations/fields.ts'
import type { AirtableClient } from './client.ts'

/** One field the code reads or writes: the type to create it with, and the types that also work. */
export interface RequiredField {
  name: string
  type: string
  acceptedTypes: string[]
  /** Select options the code writes or filters on. */
  options?: readonly string[]
}

export interface RequiredTable {
  name: string
  fields: RequiredField[]
}

export interface SchemaReport {
  missingTables: string[]
  missingFields: Array<{ table: string; field: string; type: string }>
  wrongTypes: Array<{ table: string; field: string; expected: string; actual: string }>
  missingOptions: Array<{ table: string; field: string; option: string }>
}

/** Every table and field Presence needs, as `presence airtable check` expects to find them. */
export function requiredSchema(): RequiredTable[] {
  return FIELD_TABLES.map((table) => ({
    name: table.airtable,
    fields: Object.values(table.fields).map((field) => ({
      name: field.airtable,
      type: field.type,
      acceptedTypes: [field.type, ...(field.alsoAccepted ?? [])],
      ...(field.kind === 'choice' || field.kind === 'optionalChoice' ? { options: field.options } : {}),
    })),
  }))
}

/** Compares the live base (Meta API) with `requiredSchema()`. */
export async function checkAirtableSchema(client: AirtableClient): Promise<SchemaReport> {
  const tables = await client.listTables()
  const report: SchemaReport = { missingTables: [], missingFields: [], wrongTypes: [], missingOptions: [] }
  for (const required of requiredSchema()) {
    const table = tables.find((candidate) => candidate.name === required.name)
    if (!table) {
      report.missingTables.push(required.name)
      continue
    }
    for (const want of required.fields) {
      const have = table.fields.find((candidate) => candidate.name === want.name)
      if (!have) {
        report.missingFields.push({ table: required.name, field: want.name, type: want.type })
        continue
      }
      if (!want.acceptedTypes.includes(have.type)) {
        report.wrongTypes.push({ table: required.name, field: want.name, expected: want.type, actual: have.type })
        continue
      }
      const choices = new Set((have.options?.choices ?? []).map((choice) => choice.name))
      for (const option of want.options ?? []) {
        if (!choices.has(option)) report.missingOptions.push({ table: required.name, field: want.name, option })
      }
    }
  }
  return report
}

export function schemaIsComplete(report: SchemaReport): boolean {
  return (
    report.missingTables.length === 0 &&
    report.missingFields.length === 0 &&
    report.wrongTypes.length === 0 &&
    report.missingOptions.length === 0
  )
}
