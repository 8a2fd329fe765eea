import { describe, expect, it } from 'vitest'
import { AirtableError, createAirtableClient } from '../../supabase/functions/_shared/store/airtable/client.ts'
import { fieldEquals, or } from '../../supabase/functions/_shared/store/airtable/formula.ts'
import { createRateLimiter } from '../../supabase/functions/_shared/store/airtable/rateLimiter.ts'
import { type AirtableStandIn, createVirtualTime } from '../support/airtable/index.ts'
import { TEST_API_URL, useAirtableMsw } from '../support/airtable/useAirtableMsw.ts'
import type { VirtualTime } from '../support/airtable/virtualTime.ts'

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

/** Airtable's documented answer to a 429: the whole base is refused for the next 30 seconds. */
const AIRTABLE_PENALTY_MS = 30_000

/** The client's rejection, which must be an AirtableError (the outbox reads its `retryable` and `retryAfterMs`). */
async function failure(promise: Promise<unknown>): Promise<AirtableError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(AirtableError)
  return error as AirtableError
}

/** A client with every production default except its limiter: Airtable's 5 a second, on virtual time. */
function clientOnVirtualTime(standIn: AirtableStandIn, time: VirtualTime) {
  const limiter = createRateLimiter({ limit: 5, windowMs: 1_000, now: time.now, sleep: time.sleep })
  return createAirtableClient({ apiKey: standIn.apiKey, baseId: standIn.baseId, apiUrl: TEST_API_URL, limiter })
}

describe('Airtable client: rate limit', () => {
  it('takes a limiter slot for every request: 30 concurrent lookups through 5 a second draw no 429', async () => {
    const time = createVirtualTime()
    // The stand-in counts arrivals as Airtable does (5 a second per base) on the same virtual clock.
    const { standIn } = airtable.open({ time, standIn: { requestsPerSecond: 5 } })
    const client = clientOnVirtualTime(standIn, time)
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => client.listRecords(OPS, { filterByFormula: fieldEquals('Cal.com Booking ID', `uid-${i}`) })),
    )
    expect(standIn.stats).toEqual({ requests: 30, rateLimited: 0 })
  })

  it('a 429 is one request and a retryable error asking for Airtable’s 30 seconds', async () => {
    const time = createVirtualTime()
    const { standIn } = airtable.open({ time })
    standIn.failNext(1, 429)
    const error = await failure(clientOnVirtualTime(standIn, time).listRecords(OPS))
    expect(error).toMatchObject({ provider: 'airtable', retryable: true, providerStatus: 429, status: 503, retryAfterMs: AIRTABLE_PENALTY_MS })
    expect(error.message).toBe(`airtable: list ${OPS}: 429 RATE_LIMIT_REACHED: Rate limit exceeded. Please try again later`)
    expect(standIn.stats.requests).toBe(1)
  })

  it('a 429 asks for 30 seconds even when the answer says Retry-After: 1 (Airtable blocks the base for 30)', async () => {
    let requests = 0
    const client = createAirtableClient({
      apiKey: 'key',
      baseId: 'appAAAAAAAAAAAAAA',
      fetch: async () => {
        requests++
        return Response.json({ errors: [{ error: 'RATE_LIMIT_REACHED' }] }, { status: 429, headers: { 'Retry-After': '1' } })
      },
    })
    const error = await failure(client.getRecord(OPS, 'recAAAAAAAAAAAAAA'))
    expect(error).toMatchObject({ retryable: true, providerStatus: 429, retryAfterMs: AIRTABLE_PENALTY_MS })
    expect(requests).toBe(1)
  })

  it('after a 429 the next requests of the same client, from any caller, wait until the 30 seconds are over', async () => {
    const time = createVirtualTime()
    const { standIn } = airtable.open({ time })
    const client = clientOnVirtualTime(standIn, time)
    standIn.failNext(1, 429)
    await failure(client.listRecords(OPS))
    await Promise.all([client.listRecords('Hosts'), client.getRecord(OPS, 'recAAAAAAAAAAAAAA'), client.listTables()])
    const [limited, ...next] = standIn.requestLog
    expect(next.map((entry) => entry.status)).toEqual([200, 404, 200])
    for (const entry of next) {
      expect(entry.at - (limited?.at as number)).toBeGreaterThanOrEqual(AIRTABLE_PENALTY_MS)
      // Held for the pause, not beyond it: the queue starts again as soon as the base is open.
      expect(entry.at - (limited?.at as number)).toBeLessThan(AIRTABLE_PENALTY_MS + 1_000)
    }
  })

  it('after a 429 a caller reserving a slot to gather a batch is held for the pause too', async () => {
    const time = createVirtualTime()
    const { standIn } = airtable.open({ time })
    const client = clientOnVirtualTime(standIn, time)
    standIn.failNext(1, 429)
    await failure(client.listRecords(OPS))
    const limitedAt = time.now()
    await client.reserveSlot()
    expect(time.now() - limitedAt).toBeGreaterThanOrEqual(AIRTABLE_PENALTY_MS)
  })

  it('a reserved slot is spent by the next request, which then goes without waiting for another', async () => {
    const time = createVirtualTime()
    const { standIn } = airtable.open({ time })
    const client = clientOnVirtualTime(standIn, time)
    await client.reserveSlot()
    const reservedAt = time.now()
    await client.listRecords(OPS)
    expect(time.now()).toBe(reservedAt)
    expect(standIn.requestLog).toHaveLength(1)
  })
})

/*
 * One request per call, no retries in the client: each failure says whether another attempt could
 * succeed, and the outbox's policy decides when to make it.
 */
describe('Airtable client: failures', () => {
  it.each([500, 502, 503] as const)('a %i is one request and a retryable error', async (status) => {
    const { standIn, client } = airtable.open()
    standIn.failNext(1, status)
    const error = await failure(client.listRecords(OPS))
    expect(error).toMatchObject({ provider: 'airtable', retryable: true, providerStatus: status, status: 503, retryAfterMs: undefined })
    expect(error.message).toBe(`airtable: list ${OPS}: ${status} SERVER_ERROR: Server error`)
    expect(standIn.stats.requests).toBe(1)
  })

  it('a request that never answers is one request and a retryable error naming the timeout', async () => {
    const { standIn, client } = airtable.open({ client: { timeoutMs: 50 } })
    standIn.failNext(1, 'hang')
    const error = await failure(client.listRecords(OPS))
    expect(error).toMatchObject({ retryable: true, providerStatus: undefined, retryAfterMs: undefined })
    expect(error.message).toBe(`airtable: list ${OPS}: no answer within 50 ms`)
    expect(standIn.stats.requests).toBe(1)
  })

  it('a lost connection is one request and a retryable network error', async () => {
    const { standIn, client } = airtable.open()
    standIn.failNext(1, 'network')
    const error = await failure(client.listRecords(OPS))
    expect(error).toMatchObject({ retryable: true, providerStatus: undefined, retryAfterMs: undefined })
    expect(error.message).toMatch(new RegExp(`^airtable: list ${OPS}: network error`))
    expect(standIn.stats.requests).toBe(1)
  })

  it('a 422 is one request, not retryable, with Airtable’s error type and message', async () => {
    const { standIn, client } = airtable.open()
    const error = await failure(client.upsertRecords(OPS, [{ fields: { ...opsFields('uid-1'), Nope: 'x' } }], ['Cal.com Booking ID']))
    expect(error).toMatchObject({ retryable: false, providerStatus: 422, status: 502, type: 'UNKNOWN_FIELD_NAME' })
    expect(error.message).toContain('Unknown field name: "Nope"')
    expect(standIn.stats.requests).toBe(1)
  })

  it('a wrong key is one request and a non-retryable 401 AUTHENTICATION_REQUIRED', async () => {
    const { standIn, client } = airtable.open({ client: { apiKey: 'wrong' } })
    const error = await failure(client.listRecords(OPS))
    expect(error).toMatchObject({ retryable: false, providerStatus: 401, type: 'AUTHENTICATION_REQUIRED' })
    expect(standIn.stats.requests).toBe(1)
  })

  it('a missing table is a non-retryable 404; a missing record is null', async () => {
    const { standIn, client } = airtable.open()
    await expect(client.getRecord(OPS, 'recAAAAAAAAAAAAAA')).resolves.toBeNull()
    const error = await failure(client.getRecord('No Such Table', 'recAAAAAAAAAAAAAA'))
    expect(error).toMatchObject({ retryable: false, providerStatus: 404, type: 'TABLE_NOT_FOUND' })
    expect(standIn.stats.requests).toBe(2)
  })

  it.each([
    ['an answer of the wrong shape', JSON.stringify({ records: 'nope' }), /unexpected answer.*\brecords\b/],
    ['an answer that is not JSON', '<html>maintenance</html>', /answer is not JSON/],
  ])('%s is one request and a non-retryable error', async (_, body, reason) => {
    let requests = 0
    const client = createAirtableClient({
      apiKey: 'key',
      baseId: 'appAAAAAAAAAAAAAA',
      fetch: async () => {
        requests++
        return new Response(body, { status: 200 })
      },
    })
    const error = await failure(client.listRecords(OPS))
    expect(error).toMatchObject({ retryable: false, type: 'INVALID_RESPONSE' })
    expect(error.message).toMatch(reason)
    expect(requests).toBe(1)
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

  it('a booking id full of formula characters finds exactly its own record', async () => {
    const { standIn, client } = airtable.open()
    const hostile = `x' & {Booking Status} = 'Created' & "\\}{)(,`
    standIn.insert(OPS, opsFields(hostile))
    standIn.insert(OPS, opsFields('uid-other', { 'Booking Status': 'Created' }))
    const records = await client.listRecords(OPS, { filterByFormula: fieldEquals('Cal.com Booking ID', hostile) })
    expect(records.map((r) => r.fields['Cal.com Booking ID'])).toEqual([hostile])
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
