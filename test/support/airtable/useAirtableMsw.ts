import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll } from 'vitest'
import {
  type AirtableClient,
  type AirtableClientOptions,
  createAirtableClient,
} from '../../../supabase/functions/_shared/store/airtable/client.ts'
import { createRateLimiter } from '../../../supabase/functions/_shared/store/airtable/rateLimiter.ts'
import { type AirtableStandIn, type AirtableStandInOptions, createAirtableStandIn } from './airtableStandIn.ts'
import { airtableHandlers } from './handlers.ts'
import type { VirtualTime } from './virtualTime.ts'

/** Not Airtable's real host, so a client that ignores `apiUrl` fails instead of reaching the internet. */
export const TEST_API_URL = 'https://airtable.test'

export interface OpenOptions {
  standIn?: AirtableStandInOptions
  client?: Partial<AirtableClientOptions>
  /** Runs the client's clock and sleeps and the stand-in's clock on virtual time. */
  time?: VirtualTime
}

/**
 * Installs msw for the calling test file. `open()` gives a fresh stand-in base and a client for it;
 * by default the rate limit is off and a 429 holds the client for 1 ms, so suites run fast.
 */
export function useAirtableMsw(): { open(options?: OpenOptions): { standIn: AirtableStandIn; client: AirtableClient } } {
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())
  return {
    open(options = {}) {
      const time = options.time ? { now: options.time.now } : {}
      const standIn = createAirtableStandIn({ requestsPerSecond: null, ...time, ...options.standIn })
      server.use(...airtableHandlers(standIn, { baseUrl: TEST_API_URL }))
      const clock = options.time ? { now: options.time.now, sleep: options.time.sleep } : {}
      const client = createAirtableClient({
        apiKey: standIn.apiKey,
        baseId: standIn.baseId,
        apiUrl: TEST_API_URL,
        limiter: createRateLimiter({ limit: 1_000, windowMs: 1_000, ...clock }),
        rateLimitWaitMs: 1,
        ...options.client,
      })
      return { standIn, client }
    },
  }
}
