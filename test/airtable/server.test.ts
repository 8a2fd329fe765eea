import { afterEach, describe, expect, it } from 'vitest'
import { createAirtableClient } from '../../supabase/functions/_shared/store/airtable/client.ts'
import { createAirtableOperationsStore } from '../../supabase/functions/_shared/store/airtable/operationsStore.ts'
import { describeOperationsStoreContract, sampleRecord } from '../contract/operationsStore.contract.ts'
import { type AirtableServer, startAirtableServer } from '../support/airtable/index.ts'

// No msw in this file: these requests really cross a socket.
const servers: AirtableServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(requestsPerSecond: number | null) {
  const server = await startAirtableServer({ requestsPerSecond })
  servers.push(server)
  return server
}

describe('Airtable stand-in over HTTP', () => {
  it('the client keeps to 5 requests a second as the server counts them: no 429s', async () => {
    const server = await start(5)
    const client = createAirtableClient({ apiKey: server.standIn.apiKey, baseId: server.standIn.baseId, apiUrl: server.url })
    const store = createAirtableOperationsStore({ client })
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => store.get(`uid-${i}`)),
      ...Array.from({ length: 14 }, (_, i) => store.save([sampleRecord(`uid-save-${i}`)])),
    ])
    const at = server.standIn.requestLog.map((entry) => entry.at)
    for (let i = 0; i + 5 < at.length; i++) expect((at[i + 5] as number) - (at[i] as number)).toBeGreaterThanOrEqual(1_000)
    expect(server.stats.rateLimited).toBe(0)
    expect(server.standIn.records('Presence Operations')).toHaveLength(14)
  })

  it('answers 401 without a bearer token and 429 past the limit', async () => {
    const server = await start(5)
    const path = `${server.url}/v0/${server.standIn.baseId}/Hosts`
    expect((await fetch(path)).status).toBe(401)
    const auth = { headers: { Authorization: `Bearer ${server.standIn.apiKey}` } }
    const statuses = await Promise.all(Array.from({ length: 7 }, () => fetch(path, auth).then((r) => r.status)))
    expect(statuses.filter((s) => s === 429)).toHaveLength(2)
    expect(server.stats.rateLimited).toBe(2)
  })
})

describeOperationsStoreContract('Airtable adapter on the stand-in HTTP server', async () => {
  const server = await start(null)
  const client = createAirtableClient({
    apiKey: server.standIn.apiKey,
    baseId: server.standIn.baseId,
    apiUrl: server.url,
    requestsPerSecond: 1_000,
  })
  return createAirtableOperationsStore({ client })
})
