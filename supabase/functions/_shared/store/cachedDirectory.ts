import type { Directory } from './directory.ts'

/**
 * Hosts and templates change rarely and are read for every booking and every session page view;
 * in Airtable each read costs one of the base's 5 requests a second. Answers are kept for `ttlMs` (misses too), so a burst
 * of bookings for a few hosts costs a few requests. Members are not cached: each is read once, and
 * a member created at sign-in must be found by the next request.
 */
export function cachedDirectory(directory: Directory, options: { ttlMs: number; now?: () => number }): Directory {
  const now = options.now ?? Date.now
  const cache = new Map<string, { expires: number; value: Promise<unknown> }>()

  function remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key)
    if (hit && hit.expires > now()) return hit.value as Promise<T>
    const value = load()
    cache.set(key, { expires: now() + options.ttlMs, value })
    // A failed read is not remembered: the next caller asks again.
    value.catch(() => cache.delete(key))
    return value
  }

  return {
    kind: directory.kind,
    findHostByEmail: (email) => remember(`host:${email.trim().toLowerCase()}`, () => directory.findHostByEmail(email)),
    getMember: (id) => directory.getMember(id),
    getHost: (id) => remember(`host-id:${id}`, () => directory.getHost(id)),
    findHostByPhone: (phone) => remember(`host-phone:${phone}`, () => directory.findHostByPhone(phone)),
    findMemberByPhone: (phone) => directory.findMemberByPhone(phone),
    createMember: (member) => directory.createMember(member),
    listActiveHosts: () => remember('hosts:active', () => directory.listActiveHosts()),
    getTemplate: (name) => remember(`template:${name}`, () => directory.getTemplate(name)),
  }
}
