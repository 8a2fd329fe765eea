import { hostsResponseSchema, type PublicHost } from '../../../shared/api/hosts.ts'

/** Active hosts from the hosts function; rejects on a network error, a non-2xx status or an unexpected body. */
export async function fetchHosts(functionsUrl: string, signal?: AbortSignal): Promise<PublicHost[]> {
  const response = await fetch(`${functionsUrl}/hosts`, { signal })
  if (!response.ok) throw new Error(`GET /hosts answered ${response.status}`)
  const body = hostsResponseSchema.safeParse(await response.json())
  if (!body.success) throw new Error('GET /hosts answered an unexpected body')
  return body.data.hosts
}
