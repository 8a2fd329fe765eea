import type { AirtableType, FieldSpec, TableSpec } from './fieldSpec.ts'
import { FIELD_TABLES } from './fields.ts'

/** The README's field tables, rendered from the declaration; the README keeps them between these markers. */
export const FIELD_DOCS_START = '<!-- fields:start -->'
export const FIELD_DOCS_END = '<!-- fields:end -->'

const TYPE_NAMES: Record<AirtableType, string> = {
  singleLineText: 'text',
  multilineText: 'long text',
  richText: 'rich text',
  email: 'email',
  url: 'URL',
  phoneNumber: 'phone',
  singleSelect: 'single select',
  multipleSelects: 'multiple select',
  checkbox: 'checkbox',
  dateTime: 'date-time (UTC)',
  number: 'number',
  rating: 'rating 1-5',
}

/** "email or text", "text, long text or rich text", "single select: A, B". */
function typeOf(field: FieldSpec): string {
  const names = [field.type, ...(field.alsoAccepted ?? [])].map((type) => TYPE_NAMES[type])
  const last = names.pop() as string
  const options = field.kind === 'choice' || field.kind === 'optionalChoice' ? `: ${field.options.join(', ')}` : ''
  return `${names.length > 0 ? `${names.join(', ')} or ` : ''}${last}${options}`
}

function renderTable(table: TableSpec): string {
  const rows = Object.values(table.fields).map(
    (field) => `| \`${field.airtable}\` | ${typeOf(field)} | \`${field.column}\` | ${field.meaning} |`,
  )
  return [
    `### ${table.airtable} (Postgres \`${table.postgres}\`)`,
    '',
    '| field | type | Postgres column | meaning |',
    '|---|---|---|---|',
    ...rows,
  ].join('\n')
}

/** Everything between the markers (without them). */
export function renderFieldDocs(): string {
  return FIELD_TABLES.map(renderTable).join('\n\n')
}
