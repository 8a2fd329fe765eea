import { createAirtableDirectory } from '../../store/airtable/directory.ts'
import { cachedDirectory } from '../../store/cachedDirectory.ts'
import type { Directory } from '../../store/directory.ts'
import { createPostgresDirectory } from '../../store/postgres/directory.ts'
import { memoised, type Runtime } from '../runtime.ts'
import { airtableClientOf } from './airtable.ts'

/**
 * How long a host or template read is reused (each session page view reads two templates; in
 * Airtable every read costs one of 5 requests a second). An operator's edit shows within this.
 */
const DIRECTORY_CACHE_MS = 60_000

/** Hosts, Members and Templates: from Airtable when configured, else Postgres. */
export function directoryOf(rt: Runtime): Directory {
  return memoised(rt, 'directory', () => {
    const client = airtableClientOf(rt)
    return cachedDirectory(client ? createAirtableDirectory({ client }) : createPostgresDirectory(rt.sql), { ttlMs: DIRECTORY_CACHE_MS })
  })
}
