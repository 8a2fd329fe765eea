/**
 * `Previous Booking IDs` is one id per line, readable by operators. A uid may itself hold a line
 * break or a backslash, so within a line `\\` stands for a backslash and `\n` / `\r` for breaks.
 */
export function encodeIdList(ids: string[]): string {
  return ids.map((id) => id.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r')).join('\n')
}

export function decodeIdList(value: string): string[] {
  return value
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/\\([\\nr])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\')))
}
