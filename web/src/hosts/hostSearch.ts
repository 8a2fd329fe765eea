import type { PublicHost } from '../../../shared/api/hosts.ts'

/** What the host list is narrowed by: free text over name and bio, and personality tags. */
export interface HostFilters {
  query: string
  tags: readonly string[]
}

/** Folds the differences a member does not mean (case, accents, the apostrophe's forms): "o'connor" finds "O’Connor". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .toLocaleLowerCase('en')
}

/** A host matches when every word of the query is in its name or bio, and it has any of the chosen tags. */
export function matchesHost(host: PublicHost, filters: HostFilters): boolean {
  const words = foldForSearch(filters.query).split(/\s+/).filter(Boolean)
  const haystack = foldForSearch(`${host.name}\n${host.bio ?? ''}`)
  if (!words.every((word) => haystack.includes(word))) return false
  return filters.tags.length === 0 || filters.tags.some((tag) => host.personalityTags.includes(tag))
}

/** Every tag the hosts carry, once each, in alphabetical order. */
export function tagsOf(hosts: readonly PublicHost[]): string[] {
  return [...new Set(hosts.flatMap((host) => host.personalityTags))].sort((a, b) => a.localeCompare(b, 'en'))
}
