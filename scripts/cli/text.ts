/** Control and bidirectional-override characters: a booking uid or payload is sender-controlled. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** Escapes what could move the cursor, recolour or reorder the operator's terminal. */
export function printable(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** Shortens by code points, so a character outside the BMP is never cut in half. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text)
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

export function formatTime(date: Date | null): string {
  return date ? new Date(date).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-'
}

/** Pretty JSON when the text is JSON, otherwise the text itself; either way safe to print. */
export function prettyBody(text: string): { lines: string[]; json: boolean } {
  try {
    return { lines: JSON.stringify(JSON.parse(text), null, 2).split('\n').map(printable), json: true }
  } catch {
    return { lines: text.split('\n').map(printable), json: false }
  }
}

export function redactSecrets(text: string, secrets: string[]): string {
  return secrets.filter((secret) => secret.length >= 6).reduce((out, secret) => out.split(secret).join('[redacted]'), text)
}

/** Left-aligned columns two spaces apart, with a rule under the header. */
export function formatTable(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)))
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd()
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)]
}

/** "1 failed delivery", "3 failed deliveries". */
export function counted(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`
}
