import type { Member } from '../../../shared/operations/record.ts'
import type { Directory } from '../_shared/store/directory.ts'

export interface MembersFoundOptions {
  ttlMs: number
  /** Phones remembered at most; the oldest goes first. */
  maxEntries: number
  now?: () => number
}

/**
 * Every dashboard view starts by finding the member by phone, which in Airtable costs one of the
 * base's 5 requests a second. A member found is remembered for `ttlMs` (an edit to the record
 * shows within it); a phone with no member is asked again every time, so a member created at
 * sign-in is found by the very next request.
 */
export function rememberMembersFound(directory: Pick<Directory, 'findMemberByPhone'>, options: MembersFoundOptions): Pick<Directory, 'findMemberByPhone'> {
  const now = options.now ?? Date.now
  const found = new Map<string, { expires: number; member: Member }>()
  return {
    async findMemberByPhone(phone) {
      const hit = found.get(phone)
      if (hit && hit.expires > now()) return hit.member
      const member = await directory.findMemberByPhone(phone)
      found.delete(phone)
      if (member) {
        found.set(phone, { expires: now() + options.ttlMs, member })
        if (found.size > options.maxEntries) found.delete(found.keys().next().value!)
      }
      return member
    },
  }
}
