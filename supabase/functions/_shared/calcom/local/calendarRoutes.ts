import { namespaceFrom } from './bookingForms.ts'

/** Cal.com uids are 22 letters and digits. */
export function newBookingUid(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'
  return Array.from(crypto.getRandomValues(new Uint8Array(22)), (byte) => alphabet[byte % alphabet.length]).join('')
}

export interface Route {
  kind: 'booking' | 'reschedule' | 'calLink'
  /** The booking uid, or the Cal.com Link path. */
  key: string
  /** Cal.com's embed pages end in `/embed`; redirects keep it. */
  suffix: '' | '/embed'
}

/**
 * `/booking/<uid>`, `/reschedule/<uid>`, or a host's `/<Cal.com Link>`, each optionally ending in
 * `/embed` as the embed's iframe asks for it; null for anything else.
 */
export function routeOf(path: string): Route | null {
  const segments = path.split('/').filter((segment) => segment !== '')
  let parts: string[]
  try {
    parts = segments.map((segment) => decodeURIComponent(segment))
  } catch {
    return null
  }
  const suffix = parts.at(-1) === 'embed' ? '/embed' : ''
  if (suffix) parts.pop()
  if ((parts[0] === 'booking' || parts[0] === 'reschedule') && parts.length === 2) return { kind: parts[0], key: parts[1]!, suffix }
  if (parts.length === 0 || parts[0] === 'booking' || parts[0] === 'reschedule' || parts[0] === 'embed') return null
  return { kind: 'calLink', key: parts.join('/'), suffix }
}

/** A page's own address with only the embed namespace (and `as`) kept, plus `extra`. */
export function pageAddress(
  base: string,
  kind: 'booking' | 'reschedule',
  uid: string,
  route: Route,
  params: URLSearchParams,
  extra: Record<string, string> = {},
): string {
  const query = new URLSearchParams()
  const namespace = namespaceFrom(params)
  if (namespace !== null) query.set('embed', namespace)
  if (params.get('as') === 'host') query.set('as', 'host')
  for (const [key, value] of Object.entries(extra)) query.set(key, value)
  const search = query.toString()
  return `${base}/${kind}/${encodeURIComponent(uid)}${route.suffix}${search ? `?${search}` : ''}`
}
