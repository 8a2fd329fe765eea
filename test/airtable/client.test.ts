import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
import { AirtableError, createAirtableClient } from '../../supabase/functions/_shared/store/airtable/client.ts'
import { fieldEquals, or } from '../../supabase/functions/_shared/store/airtable/formula.ts'
import { createVirtualTime } from '../support/airtable/index.ts'
import { useAirtableMsw } from '../support/airtable/useAirtableMsw.ts'

const airtable = useAirtableMsw()
const OPS = 'Presence Operations'

function opsFields(uid: string, extra: Record<string, unknown> = {}) {
  return {
    'Cal.com Booking ID': uid,
    'Session Start Time': '2030-01-01T10:00:00.000Z',
    'Session End Time': '2030-01-01T10:30:00.000Z',
    ...extra,
  }
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ProviderError)
  return error as ProviderError
}

describe('Airtable client: rate limit', () => {
  it('30 concurrent requests never start more than 5 in any rolling second', async () => {
    const time = createVirtualTime()
    const starts: number[] = []
    const { standIn, client } = airtable.open({
      time,
      client: {
        requestsPerSecond: 5,
        // Timestamps taken where the request leaves the client, on the client's own clock.
        fetch: (input, init) => {
          starts.push(time.now())
          return globalThis.fetch(input, init)
        },
      },
    })
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => client.listRecords(OPS, { filterByFormula: fieldEquals('Cal.com Booking ID', `uid-${i}`) })),
    )
    expect(starts).toHaveLength(30)
    expect(standIn.stats.requests).toBe(30)
    for (let i = 0; i + 5 < starts.length; i++) expect((starts[i + 5] as number) - (starts[i] as number)).toBeGreaterThanOrEqual(1_000)
  })

  it('on 429 waits rateLimitWaitMs, then retries and succeeds', async () => {
    const time = createVirtualTime()
    const { standIn, client } = airtable.open({ time, client: { rateLimitWaitMs: 250 } })
    standIn.insert(OPS, opsFields('uid-1'))
    standIn.failNext(1, 429)
    const records = await client.listRecords(OPS)
    expect(records).toHaveLength(1)
    const [limited, retried] = standIn.requestLog
    expect(limited?.status).toBe(429)
    expect(retried?.status).toBe(200)
    expect((retried?.at as number) - (limited?.at as number)).toBeGreaterThanOrEqual(250)
  })

  it('a 429 holds back every caller of the client, not only the one that got it', async () => {
    const time = createVirtualTime()
    const { standIn, client } = airtable.open({ time, client: { rateLimitWaitMs: 30_000, maxAttempts: 1 } })
    standIn.failNext(1, 429)
    const first = await rejection(client.listRecords(OPS))
    expect(first.retryable).toBe(true)
    await client.listRecords('Hosts')
    const [limited, next] = standIn.requestLog
    expect((next?.at as number) - (limited?.at as number)).toBeGreaterThanOrEqual(30_000)
  })

  it('gives up on repeated 429s after maxAttempts with a retryable error', async () => {
    const { standIn, client } = airtable.open({ client: { maxAttempts: 3 } })
    standIn.failNext(5, 429)
    const error = await rejection(client.listRecords(OPS))
    expect(error.retryable).toBe(true)
    expect(error.providerStatus).toBe(429)
    expect(error.message).toContain('RATE_LIMIT_REACHED')
    expect(standIn.stats.requests).toBe(3)
  })
})

describe('Airtable client: failures', () => {
  it('retries a 503 and succeeds', async () => {
    const { standIn, client } = airtable.open()
    standIn.failNext(2, 503)
    await expect(client.listRecords(OPS)).resolves.toEqual([])
    expect(standIn.requestLog.map((entry) => entry.status)).toEqual([503, 503, 200])
  })

  it('backs off between 5xx retries', async () => {
    const time = createVirtualTime()
    const { standIn, client } = airtable.open({ time, client: { retryBaseMs: 500 } })
    standIn.failNext(3, 502)
    await client.listRecords(OPS)
    const at = standIn.requestLog.map((entry) => entry.at)
    expect([(at[1] as number) - (at[0] as number), (at[2] as number) - (at[1] as number), (at[3] as number) - (at[2] as number)]).toEqual([500, 1_000, 2_000])
  })

  it('persistent 503 ends in a retryable ProviderError after maxAttempts', async () => {
    const { standIn, client } = airtable.open({ client: { maxAttempts: 4 } })
    standIn.failNext(10, 503)
    const error = await rejection(client.listRecords(OPS))
    expect(error.retryable).toBe(true)
    expect(error.providerStatus).toBe(503)
    expect(error.provider).toBe('airtable')
    expect(standIn.stats.requests).toBe(4)
  })

  it('retries a network error', async () => {
    const { standIn, client } = airtable.open()
    standIn.failNext(1, 'network')
    await expect(client.listRecords(OPS)).resolves.toEqual([])
    expect(standIn.stats.requests).toBe(2)
  })

  it('times out a request that never answers, and retries it', async () => {
    const { standIn, client } = airtable.open({ client: { timeoutMs: 50 } })
    standIn.failNext(1, 'hang')
    await expect(client.listRecords(OPS)).resolves.toEqual([])
    expect(standIn.stats.requests).toBe(2)
  })

  it('a request that keeps timing out ends in a retryable error', async () => {
    const { standIn, client } = airtable.open({ client: { timeoutMs: 20, maxAttempts: 2 } })
    standIn.failNext(2, 'hang')
    const error = await rejection(client.listRecords(OPS))
    expect(error.retryable).toBe(true)
    expect(error.message).toContain('no answer within 20 ms')
  })

  it('422 fails at once, not retryable, with Airtable’s error type and message', async () => {
    const { standIn, client } = airtable.open()
    const error = await rejection(client.upsertRecords(OPS, [{ fields: { ...opsFields('uid-1'), Nope: 'x' } }], ['Cal.com Booking ID']))
    expect(error.retryable).toBe(false)
    expect(error.providerStatus).toBe(422)
    expect(error.message).toContain('UNKNOWN_FIELD_NAME')
    expect(error.message).toContain('Unknown field name: "Nope"')
    expect(standIn.stats.requests).toBe(1)
  })

  it('401 fails at once with AUTHENTICATION_REQUIRED', async () => {
    const { standIn } = airtable.open()
    const client = createAirtableClient({ apiKey: 'wrong', baseId: standIn.baseId, apiUrl: 'https://airtable.test', retryBaseMs: 1 })
    const error = await rejection(client.listRecords(OPS))
    expect(error.retryable).toBe(false)
    expect(error.providerStatus).toBe(401)
    expect(error.message).toContain('AUTHENTICATION_REQUIRED')
    expect(standIn.stats.requests).toBe(1)
  })

  it('a missing table is an error, a missing record is null', async () => {
    const { client } = airtable.open()
    await expect(client.getRecord(OPS, 'recAAAAAAAAAAAAAA')).resolves.toBeNull()
    const error = await rejection(client.getRecord('No Such Table', 'recAAAAAAAAAAAAAA'))
    expect(error).toBeInstanceOf(AirtableError)
    expect((error as AirtableError).type).toBe('TABLE_NOT_FOUND')
  })

  it('rejects an answer that does not have the documented shape', async () => {
    const client = createAirtableClient({
      apiKey: 'key',
      baseId: 'appAAAAAAAAAAAAAA',
      fetch: async () => new Response(JSON.stringify({ records: 'nope' }), { status: 200 }),
    })
    const error = await rejection(client.listRecords(OPS))
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('unexpected answer')
  })
})

describe('Airtable client: records', () => {
  it('follows offset through every page, at most 100 records a page', async () => {
    const { standIn, client } = airtable.open()
    for (let i = 0; i < 250; i++) standIn.insert(OPS, opsFields(`uid-${i}`))
    const records = await client.listRecords(OPS)
    expect(records.map((r) => r.fields['Cal.com Booking ID'])).toEqual(Array.from({ length: 250 }, (_, i) => `uid-${i}`))
    expect(standIn.requestLog.map((entry) => entry.method)).toEqual(['GET', 'GET', 'GET'])
  })

  it('moves to POST listRecords when the URL would pass Airtable’s length limit', async () => {
    const { standIn, client } = airtable.open()
    standIn.insert(OPS, opsFields('uid-wanted'))
    const uids = Array.from({ length: 300 }, (_, i) => `uid-${i}-${'"'.repeat(20)}`)
    const formula = or(...[...uids, 'uid-wanted'].map((uid) => fieldEquals('Cal.com Booking ID', uid)))
    const records = await client.listRecords(OPS, { filterByFormula: formula, fields: ['Cal.com Booking ID'] })
    expect(records.map((r) => r.fields)).toEqual([{ 'Cal.com Booking ID': 'uid-wanted' }])
    expect(standIn.requestLog.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `POST /v0/${standIn.baseId}/${OPS}/listRecords`,
    ])
  })

  it('splits upserts into requests of 10, creating then updating', async () => {
    const { standIn, client } = airtable.open()
    const records = Array.from({ length: 25 }, (_, i) => ({ fields: opsFields(`uid-${i}`, { 'Booking Status': 'Created' }) }))
    const created = await client.upsertRecords(OPS, records, ['Cal.com Booking ID'])
    expect(created.createdRecords).toHaveLength(25)
    expect(standIn.requestLog.filter((entry) => entry.method === 'PATCH')).toHaveLength(3)
    const updated = await client.upsertRecords(OPS, records, ['Cal.com Booking ID'])
    expect(updated.updatedRecords?.sort()).toEqual(created.createdRecords?.sort())
    expect(standIn.records(OPS)).toHaveLength(25)
  })

  it('updates and deletes by record id', async () => {
    const { standIn, client } = airtable.open()
    const ids = Array.from({ length: 12 }, (_, i) => standIn.insert(OPS, opsFields(`uid-${i}`)).id)
    const [updated] = await client.updateRecords(OPS, [{ id: ids[0] as string, fields: { 'Host Joined': true } }])
    expect(updated?.fields['Host Joined']).toBe(true)
    await expect(client.deleteRecords(OPS, ids)).resolves.toEqual(ids)
    expect(standIn.records(OPS)).toEqual([])
  })

  it('reads the base schema from the Meta API', async () => {
    const { client } = airtable.open()
    const tables = await client.listTables()
    expect(tables.map((t) => t.name)).toEqual(['Presence Operations', 'Hosts', 'Members', 'Templates'])
  })
})
