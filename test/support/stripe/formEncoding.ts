/**
 * Stripe's request bodies are form-encoded with brackets for nesting
 * (`line_items[0][price_data][unit_amount]=1800`, `metadata[purchase_id]=…`). This turns them
 * back into the object the SDK was given, as Stripe's API reads them.
 */
export function parseStripeForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(/\[|\]\[|\]/).filter((part, index) => part !== '' || index === 0)
    let node: Record<string, unknown> = root
    path.forEach((part, index) => {
      if (index === path.length - 1) {
        node[part] = value
        return
      }
      node[part] ??= {}
      node = node[part] as Record<string, unknown>
    })
  }
  return arraysFromIndexes(root) as Record<string, unknown>
}

/** `{0: …, 1: …}` is how the form spells an array. */
function arraysFromIndexes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const entries = Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, arraysFromIndexes(inner)] as const)
  const indexed = entries.length > 0 && entries.every(([key], index) => key === String(index))
  return indexed ? entries.map(([, inner]) => inner) : Object.fromEntries(entries)
}
