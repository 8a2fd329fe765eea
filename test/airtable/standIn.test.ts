import { describe, expect, it } from 'vitest'
import { createAirtableStandIn } from '../support/airtable/index.ts'

/** The stand-in answers like Airtable's Web API; these pin the shapes the client relies on. */
const stand = () => createAirtableStandIn({ requestsPerSecond: null })
type StandIn = ReturnType<typeof stand>

async function call(standIn: StandIn, method: string, path: string, body?: unknown, auth = `Bearer ${standIn.apiKey}`) {
  const response = await standIn.handle(
    new Request(`https://api.airtable.com${path}`, {
      method,
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  )
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

const ops = (s: StandIn) => `/v0/${s.baseId}/${encodeURIComponent('Presence Operations')}`
const fields = (uid: string) => ({ 'Cal.com Booking ID': uid, 'Session Start Time': '2030-01-01T10:00:00Z' })

describe('Airtable stand-in', () => {
  it('requires a bearer token', async () => {
    const s = stand()
    expect(await call(s, 'GET', ops(s), undefined, '')).toEqual({
      status: 401,
      body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } },
    })
  })

  it('answers 404 for unknown tables, bases and records', async () => {
    const s = stand()
    expect((await call(s, 'GET', `/v0/${s.baseId}/Nope`)).body).toMatchObject({ error: { type: 'TABLE_NOT_FOUND' } })
    expect(await call(s, 'GET', `${ops(s)}/recAAAAAAAAAAAAAA`)).toEqual({
      status: 404,
      body: { error: { type: 'MODEL_ID_NOT_FOUND', message: 'Record not found' } },
    })
    expect((await call(s, 'GET', `/v0/appOtherBase00000/Hosts`)).status).toBe(404)
  })

  it('can answer a record it cannot show with 403 INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND, as Airtable sometimes does', async () => {
    const s = createAirtableStandIn({ requestsPerSecond: null, missingRecordAnswer: 403 })
    const answer = await call(s, 'GET', `/v0/${s.baseId}/Members/recAAAAAAAAAAAAAA`)
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ error: { type: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND' } })
  })

  it('answers a malformed record id with an error of its own', async () => {
    const s = stand()
    for (const id of ['rec123', 'recAAAAAAAAAAAAAAA', "recAAAAAAAAAAAAA'", 'not-a-record']) {
      const answer = await call(s, 'GET', `/v0/${s.baseId}/Members/${encodeURIComponent(id)}`)
      expect(answer.status, id).toBe(422)
      expect(answer.body, id).toMatchObject({ error: { type: 'INVALID_RECORD_ID' } })
    }
  })

  it('get-record answers a record of any table, whatever table the URL names (Airtable/airtable.js#117)', async () => {
    const s = stand()
    const host = s.insert('Hosts', { Name: 'Jane Host', Email: 'jane@example.com' })
    const answer = await call(s, 'GET', `/v0/${s.baseId}/Members/${host.id}`)
    expect(answer).toEqual({ status: 200, body: host })
  })

  it('filters on RECORD_ID() within the table listed only', async () => {
    const s = stand()
    const host = s.insert('Hosts', { Name: 'Jane Host' })
    const member = s.insert('Members', { Name: 'Max Member' })
    const list = (table: string, id: string) =>
      call(s, 'GET', `/v0/${s.baseId}/${table}?filterByFormula=${encodeURIComponent(`RECORD_ID()="${id}"`)}`)
    expect((await list('Members', member.id)).body.records).toEqual([member])
    expect((await list('Members', host.id)).body.records).toEqual([])
  })

  it('answers an injected 403 with Airtable\'s body', async () => {
    const s = stand()
    s.failNext(1, 403)
    expect(await call(s, 'GET', ops(s))).toEqual({
      status: 403,
      body: { error: { type: 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND', message: 'Invalid permissions, or the requested model was not found.' } },
    })
    expect((await call(s, 'GET', ops(s))).status).toBe(200)
  })

  it('rejects unknown fields, new select options without typecast, and more than 10 records', async () => {
    const s = stand()
    expect(await call(s, 'POST', ops(s), { records: [{ fields: { Nope: 1 } }] })).toEqual({
      status: 422,
      body: { error: { type: 'UNKNOWN_FIELD_NAME', message: 'Unknown field name: "Nope"' } },
    })
    const option = await call(s, 'POST', ops(s), { records: [{ fields: { ...fields('u'), 'Booking Status': 'Maybe' } }] })
    expect(option.status).toBe(422)
    expect(option.body).toMatchObject({ error: { type: 'INVALID_MULTIPLE_CHOICE_OPTIONS' } })
    const typecast = await call(s, 'POST', ops(s), { typecast: true, records: [{ fields: { ...fields('u'), 'Booking Status': 'Maybe' } }] })
    expect(typecast.status).toBe(200)
    const eleven = Array.from({ length: 11 }, (_, i) => ({ fields: fields(`u${i}`) }))
    expect((await call(s, 'POST', ops(s), { records: eleven })).status).toBe(422)
    expect((await call(s, 'PATCH', ops(s), { records: [{ fields: fields('u') }], bogus: 1 })).body).toMatchObject({
      error: { type: 'INVALID_REQUEST_UNKNOWN' },
    })
  })

  it('upserts on fieldsToMergeOn, reporting created and updated records', async () => {
    const s = stand()
    const upsert = (status: string) =>
      call(s, 'PATCH', ops(s), {
        performUpsert: { fieldsToMergeOn: ['Cal.com Booking ID'] },
        typecast: true,
        records: [{ fields: { ...fields('u1'), 'Booking Status': status } }, { fields: fields('u2') }],
      })
    const first = await upsert('Created')
    expect(first.body.createdRecords).toHaveLength(2)
    expect(first.body.updatedRecords).toEqual([])
    const second = await upsert('Cancelled')
    expect(second.body.updatedRecords).toEqual(first.body.createdRecords)
    expect(s.records('Presence Operations').map((r) => r.fields['Booking Status'])).toEqual(['Cancelled', undefined])
    expect(s.records('Presence Operations')[0]?.fields['Session Start Time']).toBe('2030-01-01T10:00:00.000Z')
  })

  it('pages with offset tokens, pageSize at most 100', async () => {
    const s = stand()
    for (let i = 0; i < 150; i++) s.insert('Presence Operations', fields(`u${i}`))
    const first = await call(s, 'GET', `${ops(s)}?pageSize=100`)
    expect(first.body.records).toHaveLength(100)
    expect(first.body.offset).toMatch(/^itr[A-Za-z0-9]{14}\/rec[A-Za-z0-9]{14}$/)
    const second = await call(s, 'GET', `${ops(s)}?pageSize=100&offset=${encodeURIComponent(first.body.offset as string)}`)
    expect(second.body.records).toHaveLength(50)
    expect(second.body).not.toHaveProperty('offset')
    expect((await call(s, 'GET', `${ops(s)}?pageSize=101`)).status).toBe(422)
    expect((await call(s, 'GET', `${ops(s)}?offset=itrNope/recNope`)).body).toMatchObject({
      error: { type: 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE' },
    })
  })

  it('evaluates filterByFormula with Airtable’s quoting rules and rejects what it cannot parse', async () => {
    const s = stand()
    s.insert('Hosts', { Name: 'A', Status: 'Active' })
    s.insert('Hosts', { Name: `B "quoted"`, Status: 'Inactive' })
    const list = (formula: string) => call(s, 'GET', `/v0/${s.baseId}/Hosts?filterByFormula=${encodeURIComponent(formula)}`)
    expect(((await list(`{Status}='Active'`)).body.records as unknown[]).length).toBe(1)
    expect(((await list(`{Name}="B \\"quoted\\""`)).body.records as unknown[]).length).toBe(1)
    expect(((await list(`{Name}='B "quoted"'`)).body.records as unknown[]).length).toBe(1)
    for (const bad of [`{Name}="B "quoted""`, `{Name}="unterminated`, `{Name}="\\q"`, `{Nope}="x"`, `SUBSTITUTE({Name},"a","b")`]) {
      const answer = await list(bad)
      expect(answer.status, bad).toBe(422)
      expect(answer.body, bad).toMatchObject({ error: { type: 'INVALID_FILTER_BY_FORMULA' } })
    }
  })

  it('limits a base to 5 requests a second, then answers 429 for the penalty time', async () => {
    let t = 0
    const s = createAirtableStandIn({ requestsPerSecond: 5, rateLimitPenaltyMs: 30_000, now: () => t })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await call(s, 'GET', ops(s))).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    expect((await call(s, 'GET', ops(s))).body).toEqual({
      errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }],
    })
    t = 29_999
    expect((await call(s, 'GET', ops(s))).status).toBe(429)
    t = 30_000
    expect((await call(s, 'GET', ops(s))).status).toBe(200)
    expect(s.stats).toEqual({ requests: 9, rateLimited: 3 })
  })

  it('serves the Meta API from its schema, without dropped fields', async () => {
    const s = stand()
    s.dropField('Members', 'Time Zone')
    const answer = await call(s, 'GET', `/v0/meta/bases/${s.baseId}/tables`)
    const tables = answer.body.tables as Array<{ name: string; fields: Array<{ name: string; type: string; options?: unknown }> }>
    const members = tables.find((t) => t.name === 'Members')
    expect(members?.fields.map((f) => f.name)).toEqual(['Name', 'Email', 'Phone', 'Status'])
    const status = tables[0]?.fields.find((f) => f.name === 'Booking Status')
    expect(status?.options).toMatchObject({ choices: [{ name: 'Pending' }, { name: 'Created' }, { name: 'Cancelled' }, { name: 'Completed' }] })
  })
})
