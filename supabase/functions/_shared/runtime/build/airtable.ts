import { createAirtableClient, type AirtableClient } from '../../store/airtable/client.ts'
import { createSharedRateLimiter } from '../../rateLimit/sharedRateLimiter.ts'
import { memoised, type Runtime } from '../runtime.ts'

/** Airtable allows 5 requests a second per base, whoever sends them. */
const AIRTABLE_REQUESTS_PER_SECOND = 5

/**
 * The process's Airtable client. Its rate limit is kept in Postgres, shared with every other
 * process and function instance, so together they stay within the base's limit.
 */
export function airtableClientOf(rt: Runtime): AirtableClient | undefined {
  const settings = rt.config.airtable
  if (!settings) return undefined
  return memoised(rt, 'airtable', () =>
    createAirtableClient({
      ...settings,
      fetch: rt.fetch,
      limiter: createSharedRateLimiter({ sql: rt.sql, key: `airtable:${settings.baseId}`, requestsPerSecond: AIRTABLE_REQUESTS_PER_SECOND }),
    }),
  )
}
