/** A recorded delivery's body as JSON, or null when it is not JSON (the processor's schema then says what is wrong). */
export function jsonOf(rawBody: string): unknown {
  try {
    return JSON.parse(rawBody)
  } catch {
    return null
  }
}
