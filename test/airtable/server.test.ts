import { afterEach, describe, expect, it } from 'vitest'
import { AirtableError, createAirtableClient } from '../../supabase/functions/_shared/store/airtable/client.ts'
import { createAirtableOperationsStore } from '../../supabase/functions/_shared/store/airtable/operationsStore.ts'
import { createRateLimiter } from '../../supabase/functions/_shared/store/airtable/rateLimiter.ts'
import { describeOperationsStoreContract, sampleRecord } from '../contract/operationsStore.contract.ts'
import { type AirtableServer, type AirtableServerOptions, startAirtableServer } from '../support/airtable/server.ts'

// No msw in this file: these requests really cross a socket.
const servers: AirtableServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(options: AirtableServerOptions) {
  const server = await startAirtableServer(options)
  servers.push(server)
  return server
}

/** Airtable allows 5 requests a second per base; a 429 blocks the base for 30 seconds. */
const AIRTABLE_LIMIT = 5
const AIRTABLE_PENALTY_MS = 30_000

/** Lets every request through at once: a client without Airtable's limit. */
const noLimit = () => createRateLimiter({ limit: 1_000, windowMs: 1_000 })

/**
 * A clock that never moves: every request arrives in the same second, so whether the server
 * counts one past the limit does not depend on how fast this machine is.
 */
const frozen = () => Date.UTC(2030, 0, 1)

describe('Airtable stand-in over HTTP', () => {
  it('a client with its own limiter keeps within Airtable’s limit as the server counts it: no 429s', async () => {
    const server = await start({ requestsPerSecond: AIRTABLE_LIMIT })
    const client = createAirtableClient({ apiKey: server.standIn.apiKey, baseId: server.standIn.baseId, apiUrl: server.url })
    const store = createAirtableOperationsStore({ client })
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => store.findByBookingId(`uid-${i}`)),
      ...Array.from({ length: 14 }, (_, i) => store.save([sampleRecord(`uid-save-${i}`)])),
    ])
    expect(server.stats.rateLimited).toBe(0)
    expect(server.standIn.requestLog.every((entry) => entry.status === 200)).toBe(true)
    expect(server.standIn.records('Presence Operations')).toHaveLength(14)
  })

  it('a client that bypasses the limit draws 429s, each a retryable error asking for 30 seconds', async () => {
    const server = await start({ requestsPerSecond: AIRTABLE_LIMIT, now: frozen })
    const client = createAirtableClient({ apiKey: server.standIn.apiKey, baseId: server.standIn.baseId, apiUrl: server.url, limiter: noLimit() })
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => client.listRecords('Hosts')))
    const refused = results.filter((result) => result.status === 'rejected').map((result) => result.reason as unknown)
    expect(refused).toHaveLength(8 - AIRTABLE_LIMIT)
    expect(server.stats.rateLimited).toBe(8 - AIRTABLE_LIMIT)
    for (const error of refused) {
      expect(error).toBeInstanceOf(AirtableError)
      expect(error).toMatchObject({ retryable: true, providerStatus: 429, retryAfterMs: AIRTABLE_PENALTY_MS })
    }
  })

  it('answers 401 without a bearer token, and 429 past the limit', async () => {
    const server = await start({ requestsPerSecond: AIRTABLE_LIMIT, now: frozen })
    const path = `${server.url}/v0/${server.standIn.baseId}/Hosts`
    expect((await fetch(path)).status).toBe(401)
    const auth = { headers: { Authorization: `Bearer ${server.standIn.apiKey}` } }
    const statuses = await Promise.all(Array.from({ length: 7 }, () => fetch(path, auth).then((r) => r.status)))
    expect(statuses.filter((s) => s === 200)).toHaveLength(AIRTABLE_LIMIT)
    expect(statuses.filter((s) => s === 429)).toHaveLength(7 - AIRTABLE_LIMIT)
    expect(server.stats.rateLimited).toBe(7 - AIRTABLE_LIMIT)
  })
})

describeOperationsStoreContract('Airtable adapter on the stand-in HTTP server', async () => {
  const server = await start({ requestsPerSecond: null })
  const client = createAirtableClient({ apiKey: server.standIn.apiKey, baseId: server.standIn.baseId, apiUrl: server.url, limiter: noLimit() })
  return createAirtableOperationsStore({ client })
})
