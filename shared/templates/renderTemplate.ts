/**
 * Fills `{{placeholder}}` slots in an operator-written template. Unknown or empty slots become
 * empty text rather than leaking braces to a member.
 */
export function renderTemplate(body: string, values: Record<string, string | null | undefined>): string {
  return body
    .replace(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g, (_match, name: string) => values[name] ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
}
