import type { Host } from '../../../shared/operations/record.ts'

/** What `GET /hosts` tells a browser about a host. */
export type PublicHost = Pick<Host, 'id' | 'name' | 'bio' | 'personalityTags' | 'calLink' | 'timeZone'>

const isString = (value: unknown): value is string => typeof value === 'string'
const isOptionalString = (value: unknown): value is string | null => value === null || isString(value)

function isPublicHost(value: unknown): value is PublicHost {
  if (typeof value !== 'object' || value === null) return false
  const host = value as Record<string, unknown>
  return (
    isString(host.id) &&
    isString(host.name) &&
    isOptionalString(host.bio) &&
    Array.isArray(host.personalityTags) &&
    host.personalityTags.every(isString) &&
    isOptionalString(host.calLink) &&
    isOptionalString(host.timeZone)
  )
}

/** Active hosts from the hosts function; rejects on a network error, a non-2xx status or an unexpected body. */
export async function fetchHosts(functionsUrl: string, signal?: AbortSignal): Promise<PublicHost[]> {
  const response = await fetch(`${functionsUrl}/hosts`, { signal })
  if (!response.ok) throw new Error(`GET /hosts answered ${response.status}`)
  const body: unknown = await response.json()
  const hosts = (body as { hosts?: unknown } | null)?.hosts
  if (!Array.isArray(hosts) || !hosts.every(isPublicHost)) throw new Error('GET /hosts answered an unexpected body')
  return hosts
}
