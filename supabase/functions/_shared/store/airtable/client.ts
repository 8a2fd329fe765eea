import type { z } from 'zod'
import { ProviderError } from '../../errors.ts'
import { isAnswer, parseAnswer, sendProviderRequest } from '../../http/providerRequest.ts'
import { createRateLimiter, type RateLimiter } from './rateLimiter.ts'
import {
  type AirtableRecord,
  type MetaTable,
  type UpsertResult,
  airtableRecordSchema,
  deleteResultSchema,
  listPageSchema,
  metaTablesSchema,
  parseErrorBody,
  updateResultSchema,
  upsertResultSchema,
} from './responses.ts'

export type { AirtableRecord, MetaTable, UpsertResult } from './responses.ts'

/** A failed Airtable request; `type` is Airtable's error type (`UNKNOWN_FIELD_NAME`, `NOT_FOUND`, …). */
export class AirtableError extends ProviderError {
  constructor(
    message: string,
    retryable: boolean,
    status: number | undefined,
    readonly type: string,
    /** How long Airtable wants us to wait before the next try (30 s after a 429). */
    readonly retryAfterMs?: number,
  ) {
    super('airtable', message, retryable, status)
  }
}

export interface AirtableClientOptions {
  apiKey: string
  baseId: string
  apiUrl?: string
  fetch?: typeof fetch
  /**
   * Where request slots come from. Deployed and in the local stack it is shared through
   * Postgres by every process; the default, for one process alone, keeps 5 a second in memory.
   */
  limiter?: RateLimiter
  /** How long to hold every request after a 429 (Airtable asks for 30 s). */
  rateLimitWaitMs?: number
  timeoutMs?: number
}

export interface ListOptions {
  filterByFormula?: string
  /** Only these fields come back (smaller pages). */
  fields?: string[]
  /** Records per page; Airtable's maximum (100) is the default. */
  pageSize?: number
}

export interface WriteRecord {
  /** With an id the record is updated by id; without one it is matched on `fieldsToMergeOn`. */
  id?: string
  fields: Record<string, unknown>
}

export interface AirtableClient {
  readonly baseId: string
  /** Every matching record, following `offset` through all pages. */
  listRecords(table: string, options?: ListOptions): Promise<AirtableRecord[]>
  /** null when Airtable has no such record. */
  getRecord(table: string, id: string): Promise<AirtableRecord | null>
  /** PATCH with `performUpsert`, 10 records per request, in order. */
  upsertRecords(table: string, records: WriteRecord[], fieldsToMergeOn: string[]): Promise<UpsertResult>
  /** POST new records, 10 per request, in order; resolves to them with their record ids. */
  createRecords(table: string, records: Array<{ fields: Record<string, unknown> }>): Promise<AirtableRecord[]>
  /** PATCH by record id, 10 records per request. */
  updateRecords(table: string, records: Array<{ id: string; fields: Record<string, unknown> }>): Promise<AirtableRecord[]>
  /** Deletes by record id, 10 per request; resolves to the deleted ids. */
  deleteRecords(table: string, ids: string[]): Promise<string[]>
  /** Meta API: the base's tables and fields. */
  listTables(): Promise<MetaTable[]>
  /**
   * Waits for a request slot and keeps it for this client's next request, so a caller can
   * gather its batch at the last moment: what arrives while it waits goes in the same request.
   */
  reserveSlot(): Promise<void>
}

/** Airtable rejects longer URLs; past this, list requests move to the POST form. */
const URL_LIMIT = 15_000
const MAX_PAGE_SIZE = 100
const MAX_RECORDS_PER_WRITE = 10
/**
 * The server counts arrivals, not our starts, and one 429 costs 30 s of silence: requests
 * delayed unevenly on the way (a busy network, a busy machine) must not look like a burst.
 */
const WINDOW_SLACK_MS = 150
const RESERVATION_USABLE_MS = 50

interface Send {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  path: string
  query?: URLSearchParams
  body?: unknown
  /** Names the request in errors without echoing query values. */
  label: string
}

export function createAirtableClient(options: AirtableClientOptions): AirtableClient {
  const { apiKey, baseId, apiUrl = 'https://api.airtable.com', rateLimitWaitMs = 30_000, timeoutMs = 10_000 } = options
  // Looked up per call so test interceptors installed later still see the requests.
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const limiter = options.limiter ?? createRateLimiter({ limit: 5, windowMs: 1_000 + WINDOW_SLACK_MS })
  const root = apiUrl.replace(/\/+$/, '')
  // When each reserved slot came due. A slot is spent by the next request; one not spent soon
  // after it came due is dropped, since sending late would crowd the slots after it.
  const reserved: number[] = []

  async function takeSlot(): Promise<void> {
    const now = Date.now()
    while (reserved.length > 0) if (now - reserved.shift()! <= RESERVATION_USABLE_MS) return
    await limiter.acquire()
  }
  const tablePath = (table: string) => `/v0/${encodeURIComponent(baseId)}/${encodeURIComponent(table)}`

  function urlOf(request: Send): string {
    const query = request.query?.toString()
    return `${root}${request.path}${query ? `?${query}` : ''}`
  }

  /**
   * One request, no retries: a failure says whether another attempt could succeed and how long
   * to wait, and the caller's retry policy (the outbox's, the inbox's) decides when.
   */
  async function send<T>(schema: z.ZodType<T>, request: Send): Promise<T> {
    await takeSlot()
    const answer = await sendProviderRequest(fetchImpl, { url: urlOf(request), method: request.method, apiKey, body: request.body, timeoutMs })
    if (!isAnswer(answer)) throw new AirtableError(`${request.label}: ${answer.problem}`, true, undefined, 'UNAVAILABLE')
    const { status, text } = answer
    if (status >= 200 && status < 300) {
      const parsed = parseAnswer(schema, text)
      if (parsed.ok) return parsed.value
      throw new AirtableError(`${request.label}: ${parsed.reason}`, false, undefined, 'INVALID_RESPONSE')
    }
    const detail = parseErrorBody(text)
    const problem = `${request.label}: ${status} ${detail.type}${detail.message ? `: ${detail.message}` : ''}`
    if (status === 429) {
      // Airtable blocks the whole base, so every caller (in every process) holds off, not just this one.
      await limiter.pauseFor(rateLimitWaitMs)
      throw new AirtableError(problem, true, status, detail.type, rateLimitWaitMs)
    }
    throw new AirtableError(problem, status >= 500, status, detail.type)
  }

  async function listRecords(table: string, list: ListOptions = {}): Promise<AirtableRecord[]> {
    const pageSize = Math.min(Math.max(1, list.pageSize ?? MAX_PAGE_SIZE), MAX_PAGE_SIZE)
    const records: AirtableRecord[] = []
    let offset: string | undefined
    do {
      const page = await send(listPageSchema, listRequest(table, list, pageSize, offset))
      records.push(...page.records)
      offset = page.offset
    } while (offset !== undefined)
    return records
  }

  function listRequest(table: string, list: ListOptions, pageSize: number, offset: string | undefined): Send {
    const query = new URLSearchParams()
    if (list.filterByFormula !== undefined) query.set('filterByFormula', list.filterByFormula)
    query.set('pageSize', String(pageSize))
    for (const field of list.fields ?? []) query.append('fields[]', field)
    if (offset !== undefined) query.set('offset', offset)
    const get: Send = { method: 'GET', path: tablePath(table), query, label: `list ${table}` }
    if (urlOf(get).length <= URL_LIMIT) return get
    return {
      method: 'POST',
      path: `${tablePath(table)}/listRecords`,
      body: { filterByFormula: list.filterByFormula, pageSize, fields: list.fields, offset },
      label: `list ${table}`,
    }
  }

  async function getRecord(table: string, id: string): Promise<AirtableRecord | null> {
    try {
      return await send(airtableRecordSchema, {
        method: 'GET',
        path: `${tablePath(table)}/${encodeURIComponent(id)}`,
        label: `get ${table} record`,
      })
    } catch (error) {
      if (isRecordMissing(error)) return null
      throw error
    }
  }

  async function upsertRecords(table: string, records: WriteRecord[], fieldsToMergeOn: string[]): Promise<UpsertResult> {
    const result: Required<UpsertResult> = { records: [], createdRecords: [], updatedRecords: [] }
    for (const chunk of chunks(records, MAX_RECORDS_PER_WRITE)) {
      const answer = await send(upsertResultSchema, {
        method: 'PATCH',
        path: tablePath(table),
        body: { performUpsert: { fieldsToMergeOn }, typecast: true, records: chunk },
        label: `upsert ${table}`,
      })
      result.records.push(...answer.records)
      result.createdRecords.push(...(answer.createdRecords ?? []))
      result.updatedRecords.push(...(answer.updatedRecords ?? []))
    }
    return result
  }

  async function createRecords(table: string, records: Array<{ fields: Record<string, unknown> }>): Promise<AirtableRecord[]> {
    const created: AirtableRecord[] = []
    for (const chunk of chunks(records, MAX_RECORDS_PER_WRITE)) {
      const answer = await send(updateResultSchema, {
        method: 'POST',
        path: tablePath(table),
        body: { typecast: true, records: chunk },
        label: `create ${table}`,
      })
      created.push(...answer.records)
    }
    return created
  }

  async function updateRecords(
    table: string,
    records: Array<{ id: string; fields: Record<string, unknown> }>,
  ): Promise<AirtableRecord[]> {
    const updated: AirtableRecord[] = []
    for (const chunk of chunks(records, MAX_RECORDS_PER_WRITE)) {
      const answer = await send(updateResultSchema, {
        method: 'PATCH',
        path: tablePath(table),
        body: { typecast: true, records: chunk },
        label: `update ${table}`,
      })
      updated.push(...answer.records)
    }
    return updated
  }

  async function deleteRecords(table: string, ids: string[]): Promise<string[]> {
    const deleted: string[] = []
    for (const chunk of chunks(ids, MAX_RECORDS_PER_WRITE)) {
      const query = new URLSearchParams()
      for (const id of chunk) query.append('records[]', id)
      const answer = await send(deleteResultSchema, { method: 'DELETE', path: tablePath(table), query, label: `delete ${table}` })
      deleted.push(...answer.records.filter((record) => record.deleted).map((record) => record.id))
    }
    return deleted
  }

  async function listTables(): Promise<MetaTable[]> {
    const answer = await send(metaTablesSchema, {
      method: 'GET',
      path: `/v0/meta/bases/${encodeURIComponent(baseId)}/tables`,
      label: 'list tables',
    })
    return answer.tables
  }

  return {
    baseId,
    listRecords,
    getRecord,
    upsertRecords,
    createRecords,
    updateRecords,
    deleteRecords,
    listTables,
    async reserveSlot() {
      await limiter.acquire()
      reserved.push(Date.now())
    },
  }
}

const RECORD_MISSING = new Set(['NOT_FOUND', 'MODEL_ID_NOT_FOUND'])

/** Airtable has no such record. A missing table answers 404 too, with TABLE_NOT_FOUND: that one is a real failure. */
export function isRecordMissing(error: unknown): boolean {
  return error instanceof AirtableError && error.providerStatus === 404 && RECORD_MISSING.has(error.type)
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
