/** `{{ name }}` slots in an operator-written template. */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g

export type RenderedTemplate = { ok: true; text: string } | { ok: false; missing: string[] }

/** The placeholders a template body uses, each once, in order of first use. */
export function placeholdersOf(body: string): string[] {
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((match) => match[1]!))]
}

/**
 * Fills `{{placeholder}}` slots in an operator-written template. A slot with no value (unknown,
 * null or blank) is reported, never filled with nothing or left in braces: a message that reads
 * "starts at {{startTime}}" or "starts at ." must not reach anyone.
 */
export function renderTemplate(body: string, values: Record<string, string | null | undefined>): RenderedTemplate {
  const missing = placeholdersOf(body).filter((name) => !values[name]?.trim())
  if (missing.length > 0) return { ok: false, missing }
  const text = body
    .replace(PLACEHOLDER, (_match, name: string) => values[name]!)
    .replace(/[ \t]{2,}/g, ' ')
    .trim()
  return { ok: true, text }
}
