/** Where sign-in goes when `next` is missing or not ours. */
export const AFTER_SIGN_IN = '/host-selection'

/**
 * `next` from the URL, kept only when it is a path on this site: `//evil.example`, `/\evil`,
 * `https://…` and `javascript:` all fall back, so the sign-in page cannot be used to send a
 * member to another site.
 */
export function safeNext(next: string | null, origin: string = window.location.origin): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return AFTER_SIGN_IN
  try {
    const url = new URL(next, origin)
    if (url.origin !== origin) return AFTER_SIGN_IN
    const path = `${url.pathname}${url.search}${url.hash}`
    return path.startsWith('/sign-in') ? AFTER_SIGN_IN : path
  } catch {
    return AFTER_SIGN_IN
  }
}
