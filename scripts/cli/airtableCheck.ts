import { describeError } from '../../supabase/functions/_shared/errors.ts'
import { createAirtableClient } from '../../supabase/functions/_shared/store/airtable/client.ts'
import {
  checkAirtableSchema,
  requiredSchema,
  schemaIsComplete,
} from '../../supabase/functions/_shared/store/airtable/schema.ts'

export interface AirtableCheckConfig {
  apiKey: string
  baseId: string
  apiUrl?: string
}

/**
 * `presence airtable check`: compares the base with what Presence reads and writes.
 * Exit code 0 when everything is there, 1 when something is missing or of the wrong type,
 * 2 when the base could not be read (bad key, unknown base, Airtable down).
 */
export async function runAirtableCheck(config: AirtableCheckConfig, print: (line: string) => void = console.log): Promise<number> {
  const client = createAirtableClient({ apiKey: config.apiKey, baseId: config.baseId, apiUrl: config.apiUrl })
  let report
  try {
    report = await checkAirtableSchema(client)
  } catch (error) {
    print(`Could not read the schema of Airtable base ${config.baseId}: ${describeError(error)}`)
    print('The token needs the schema.bases:read scope and access to this base.')
    return 2
  }

  const required = requiredSchema()
  print(`Airtable base ${config.baseId}`)
  if (schemaIsComplete(report)) {
    const fieldCount = required.reduce((sum, table) => sum + table.fields.length, 0)
    print(`OK: all ${required.length} tables and ${fieldCount} fields are present with the expected types.`)
    return 0
  }

  for (const table of report.missingTables) {
    print(`MISSING TABLE  "${table}" - create it with these fields:`)
    for (const field of required.find((candidate) => candidate.name === table)?.fields ?? []) {
      print(`    ${field.name} (${describeType(field.type, field.options)})`)
    }
  }
  for (const missing of report.missingFields) {
    const options = required.find((t) => t.name === missing.table)?.fields.find((f) => f.name === missing.field)?.options
    print(`MISSING FIELD  "${missing.table}" > "${missing.field}" (${describeType(missing.type, options)})`)
  }
  for (const wrong of report.wrongTypes) {
    print(`WRONG TYPE     "${wrong.table}" > "${wrong.field}" is ${wrong.actual}, expected ${wrong.expected}`)
  }
  for (const missing of report.missingOptions) {
    print(`MISSING OPTION "${missing.table}" > "${missing.field}" needs the option "${missing.option}"`)
  }
  const problems =
    report.missingTables.length + report.missingFields.length + report.wrongTypes.length + report.missingOptions.length
  print(`${problems} problem${problems === 1 ? '' : 's'} found. Field names must match exactly, including case.`)
  return 1
}

function describeType(type: string, options: readonly string[] | undefined): string {
  return options && options.length > 0 ? `${type}: ${options.join(', ')}` : type
}
