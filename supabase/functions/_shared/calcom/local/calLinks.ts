/**
 * A host's `Cal.com Link` as the stand-in keys it: the path alone, lower case, no slashes at the
 * ends, whether operators typed `jane/session`, `/jane/session/` or `https://cal.com/jane/session`.
 */
export function calLinkPath(link: string): string {
  const trimmed = link.trim()
  const path = /^https?:\/\//i.test(trimmed) ? safePathOf(trimmed) : trimmed
  return path.replace(/^\/+|\/+$/g, '').toLowerCase()
}

function safePathOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname)
  } catch {
    return url
  }
}

/** Cal.com's event types have numeric ids; the stand-in derives a stable one from the link. */
export function eventTypeIdOf(calLink: string): number {
  let hash = 0
  for (const char of calLink) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0
  return (hash % 900_000) + 100_000
}
