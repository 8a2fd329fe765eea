/**
 * Building `filterByFormula` text. Every value that reaches a formula goes through
 * `airtableString`, so a booking id from a URL can never change the formula's meaning.
 *
 * Airtable's string literal rule: a literal is wrapped in double (or single) quotes, and inside
 * it a backslash escapes the next character — `\"` is a double quote, `\'` a single quote,
 * `\\` a backslash and `\n` a line break. Nothing else is special inside quotes: `{`, `}`,
 * `'` (within double quotes), commas, parentheses and any other Unicode character stand for
 * themselves. So we double every backslash first, then escape double quotes and line breaks.
 */
export function airtableString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

/**
 * `{Field Name}`. Airtable has no escape for `}` inside a field reference, so a name holding one
 * cannot be referenced; our field names are constants, and this guards against a bad one.
 */
export function fieldRef(name: string): string {
  if (name.includes('}')) throw new Error(`field name ${JSON.stringify(name)} cannot be used in a formula`)
  return `{${name}}`
}

export function fieldEquals(field: string, value: string): string {
  return `${fieldRef(field)}=${airtableString(value)}`
}

/** The record whose id is `id`, in the table being listed (get-record would answer from any table). */
export function recordIdEquals(id: string): string {
  return `RECORD_ID()=${airtableString(id)}`
}

/** Case-insensitive equality: both sides through Airtable's LOWER, so they fold the same way. */
export function fieldEqualsIgnoringCase(field: string, value: string): string {
  return `LOWER(${fieldRef(field)})=LOWER(${airtableString(value)})`
}

/** The field's digits (every other character dropped) end with `digits`: phones typed with spaces, dashes or brackets. */
export function digitsEndWith(field: string, digits: string): string {
  if (!/^[0-9]+$/.test(digits)) throw new Error('digitsEndWith takes digits only')
  return `RIGHT(REGEX_REPLACE(${fieldRef(field)},${airtableString('[^0-9]')},""),${digits.length})=${airtableString(digits)}`
}

export function and(...conditions: string[]): string {
  return `AND(${conditions.join(',')})`
}

export function or(...conditions: string[]): string {
  return `OR(${conditions.join(',')})`
}

export function not(condition: string): string {
  return `NOT(${condition})`
}

/** A date-time value for comparisons: `DATETIME_PARSE("2030-01-01T10:00:00.000Z")`. */
export function dateTime(value: Date): string {
  return `DATETIME_PARSE(${airtableString(value.toISOString())})`
}

/**
 * The field holds a date-time in [from, to). IS_BEFORE of an empty cell is not true, so the
 * leading `{field}` (an empty cell is falsy) keeps undated rows out of `NOT(IS_BEFORE(...))`.
 */
export function dateTimeInRange(field: string, from: Date, to: Date): string {
  const ref = fieldRef(field)
  return and(ref, not(`IS_BEFORE(${ref},${dateTime(from)})`), `IS_BEFORE(${ref},${dateTime(to)})`)
}
