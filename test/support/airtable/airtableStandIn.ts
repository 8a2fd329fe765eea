import { type FormulaValue, FormulaError, evaluate, parseFormula, referencedFields, truthy } from './formulaEvaluator.ts'
import type { AirtableType } from '../../../shared/operations/fieldSpec.ts'
import { type TableSpec, seedTables } from './seedSchema.ts'

/**
 * An in-memory Airtable base that answers HTTP requests the way Airtable's Web API does:
 * bearer auth, the per-base rate limit (429 and a penalty), 10 records per write, `offset`
 * paging with pageSize <= 100, performUpsert, typecast for select options, `filterByFormula`,
 * the Meta API, and Airtable's error bodies. Get-record behaves as Airtable's does, quirks
 * included: it answers a record id from any table of the base, whatever table the URL names
 * (Airtable/airtable.js#117). Served through msw (`handlers.ts`) or a real HTTP server
 * (`server.ts`).
 */

/** 403 is Airtable's INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND. */
export type Fault = 403 | 429 | 500 | 502 | 503 | 504 | 'network' | 'hang'

/**
 * How get-record answers a well-formed id the base has no record for. Airtable has been seen
 * answering 404 MODEL_ID_NOT_FOUND and, for ids it cannot see, 403
 * INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND.
 */
export type MissingRecordAnswer = 404 | 403

export interface AirtableStandInOptions {
  apiKey?: string
  baseId?: string
  tables?: TableSpec[]
  /** Requests per second per base before a 429; null switches the limit off. */
  requestsPerSecond?: number | null
  /** How long the base keeps answering 429 after the limit is hit (Airtable: 30 s). */
  rateLimitPenaltyMs?: number
  /** How long a `hang` fault holds a request before answering 503 (unless the client gives up first). */
  hangMs?: number
  /** 404 unless told otherwise. */
  missingRecordAnswer?: MissingRecordAnswer
  now?: () => number
}

export interface RequestLogEntry {
  method: string
  path: string
  /** When the request arrived, by the stand-in's clock. */
  at: number
  status: number
}

export interface PublicRecord {
  id: string
  createdTime: string
  fields: Record<string, unknown>
}

export interface AirtableStandIn {
  readonly apiKey: string
  readonly baseId: string
  readonly stats: { requests: number; rateLimited: number }
  readonly requestLog: RequestLogEntry[]
  handle(request: Request): Promise<Response>
  setRateLimit(requestsPerSecond: number | null): void
  /** The next `count` requests (after the auth check) answer with this fault instead. */
  failNext(count: number, fault: Fault): void
  /** Adds a record directly, as an operator typing into the base would (typecast on). */
  insert(table: string, fields: Record<string, unknown>): PublicRecord
  records(table: string): PublicRecord[]
  dropTable(table: string): void
  dropField(table: string, field: string): void
  setFieldType(table: string, field: string, type: AirtableType): void
  removeChoice(table: string, field: string, choice: string): void
}

interface Choice {
  id: string
  name: string
  color: string
}

interface Field {
  id: string
  name: string
  type: AirtableType
  choices: Choice[]
}

interface StoredRecord {
  id: string
  createdTime: string
  cells: Map<string, unknown>
}

interface Table {
  id: string
  name: string
  fields: Field[]
  records: Map<string, StoredRecord>
}

interface Iterator {
  ids: string[]
  next: number
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`)
  }
}

const typed = (status: number, type: string, message: string) => new HttpError(status, { error: { type, message } })
const notFound = () => new HttpError(404, { error: 'NOT_FOUND' })
const forbidden = () =>
  typed(403, 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND', 'Invalid permissions, or the requested model was not found.')
const missingRecord = (answer: MissingRecordAnswer) => (answer === 403 ? forbidden() : typed(404, 'MODEL_ID_NOT_FOUND', 'Record not found'))
const invalidRequest = (message = 'Invalid request: parameter validation failed. Check your request data.') =>
  typed(422, 'INVALID_REQUEST_UNKNOWN', message)

const TEXT_TYPES = new Set<AirtableType>(['singleLineText', 'multilineText', 'richText', 'email', 'url', 'phoneNumber'])
const MAX_RECORDS_PER_WRITE = 10
/** Airtable record ids: `rec` and 14 letters or digits. */
const RECORD_ID = /^rec[A-Za-z0-9]{14}$/
const MAX_PAGE_SIZE = 100
/** Airtable's documented URL limit. */
const MAX_URL_LENGTH = 16_000
const LIST_PARAMS = new Set(['filterByFormula', 'pageSize', 'maxRecords', 'offset', 'fields[]'])
const COLORS = ['blueLight2', 'cyanLight2', 'tealLight2', 'greenLight2', 'yellowLight2', 'orangeLight2', 'redLight2']

export function createAirtableStandIn(options: AirtableStandInOptions = {}): AirtableStandIn {
  const apiKey = options.apiKey ?? 'patStandIn.0123456789abcdef'
  const baseId = options.baseId ?? 'appStandIn0000001'
  const now = options.now ?? (() => Date.now())
  const penaltyMs = options.rateLimitPenaltyMs ?? 30_000
  const hangMs = options.hangMs ?? 5_000
  const missingRecordAnswer = options.missingRecordAnswer ?? 404
  let requestsPerSecond = options.requestsPerSecond === undefined ? 5 : options.requestsPerSecond
  let arrivals: number[] = []
  let blockedUntil = 0
  const faults: Fault[] = []
  const iterators = new Map<string, Iterator>()
  const stats = { requests: 0, rateLimited: 0 }
  const requestLog: RequestLogEntry[] = []
  const tables: Table[] = (options.tables ?? seedTables()).map((spec) => ({
    id: randomId('tbl'),
    name: spec.name,
    fields: spec.fields.map((field) => ({
      id: randomId('fld'),
      name: field.name,
      type: field.type,
      choices: (field.choices ?? []).map((name, i) => ({ id: randomId('sel'), name, color: COLORS[i % COLORS.length] as string })),
    })),
    records: new Map(),
  }))

  function tableNamed(nameOrId: string): Table {
    const table = tables.find((t) => t.name === nameOrId || t.id === nameOrId)
    if (!table) throw typed(404, 'TABLE_NOT_FOUND', `Could not find table ${nameOrId} in application ${baseId}`)
    return table
  }

  function fieldNamed(table: Table, name: string): Field {
    const field = table.fields.find((f) => f.name === name || f.id === name)
    if (!field) throw typed(422, 'UNKNOWN_FIELD_NAME', `Unknown field name: "${name}"`)
    return field
  }

  function overLimit(t: number): boolean {
    if (requestsPerSecond === null) return false
    if (t < blockedUntil) return true
    arrivals = arrivals.filter((a) => a > t - 1_000)
    if (arrivals.length >= requestsPerSecond) {
      blockedUntil = t + penaltyMs
      return true
    }
    arrivals.push(t)
    return false
  }

  async function handle(request: Request): Promise<Response> {
    const at = now()
    stats.requests++
    const url = new URL(request.url)
    const path = decodeURIComponent(url.pathname)
    let response: Response
    try {
      response = await route(request, url, at)
    } catch (error) {
      if (!(error instanceof HttpError)) throw error
      response = json(error.status, error.body)
    }
    requestLog.push({ method: request.method, path, at, status: response.status })
    return response
  }

  async function route(request: Request, url: URL, at: number): Promise<Response> {
    if (request.headers.get('authorization') !== `Bearer ${apiKey}`) {
      throw typed(401, 'AUTHENTICATION_REQUIRED', 'Authentication required')
    }
    if (overLimit(at)) {
      stats.rateLimited++
      throw new HttpError(429, {
        errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }],
      })
    }
    const fault = faults.shift()
    if (fault !== undefined) return injected(fault, request)
    if (request.url.length > MAX_URL_LENGTH) throw typed(414, 'INVALID_REQUEST_URL_TOO_LONG', 'The request URL is too long')

    const segments = url.pathname.split('/').slice(1).map(decodeURIComponent)
    if (segments[0] !== 'v0') throw notFound()
    if (segments[1] === 'meta') {
      if (segments.length === 5 && segments[2] === 'bases' && segments[4] === 'tables' && request.method === 'GET') {
        if (segments[3] !== baseId) throw notFound()
        return json(200, { tables: tables.map(describeTable) })
      }
      throw notFound()
    }
    if (segments[1] !== baseId || segments.length < 3) throw notFound()
    const table = tableNamed(segments[2] as string)
    if (segments.length === 3) {
      if (request.method === 'GET') return json(200, list(table, listParamsFromQuery(url)))
      if (request.method === 'DELETE') return json(200, remove(table, url))
      if (request.method === 'PATCH') return json(200, write(table, await readJson(request), 'update'))
      if (request.method === 'POST') return json(200, write(table, await readJson(request), 'create'))
      throw notFound()
    }
    if (segments.length === 4 && segments[3] === 'listRecords' && request.method === 'POST') {
      return json(200, list(table, listParamsFromBody(await readJson(request))))
    }
    if (segments.length === 4 && request.method === 'GET') return json(200, getRecord(segments[3] as string))
    throw notFound()
  }

  /** The URL's table must exist, but the record is looked up in every table of the base, as Airtable does. */
  function getRecord(id: string): PublicRecord {
    // Airtable's answer to a malformed id is not documented; a 422 of its own keeps it apart from "no such record".
    if (!RECORD_ID.test(id)) throw typed(422, 'INVALID_RECORD_ID', `Invalid record id: ${JSON.stringify(id)}`)
    for (const table of tables) {
      const record = table.records.get(id)
      if (record) return output(table, record)
    }
    throw missingRecord(missingRecordAnswer)
  }

  async function injected(fault: Fault, request: Request): Promise<Response> {
    if (fault === 'network') return Response.error()
    if (fault === 'hang') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, hangMs)
        request.signal.addEventListener('abort', () => {
          clearTimeout(timer)
          resolve()
        })
      })
      return json(503, { error: { type: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' } })
    }
    if (fault === 403) throw forbidden()
    if (fault === 429) {
      stats.rateLimited++
      return json(429, { errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }] })
    }
    return json(fault, { error: { type: 'SERVER_ERROR', message: 'Server error' } })
  }

  interface ListParams {
    filterByFormula?: string
    pageSize: number
    maxRecords?: number
    offset?: string
    fields?: string[]
  }

  function listParamsFromQuery(url: URL): ListParams {
    for (const key of url.searchParams.keys()) {
      if (!LIST_PARAMS.has(key)) throw invalidRequest(`Unsupported parameter: ${key}`)
    }
    const q = url.searchParams
    return {
      filterByFormula: q.get('filterByFormula') ?? undefined,
      pageSize: q.has('pageSize') ? integer(q.get('pageSize')) : MAX_PAGE_SIZE,
      maxRecords: q.has('maxRecords') ? integer(q.get('maxRecords')) : undefined,
      offset: q.get('offset') ?? undefined,
      fields: q.has('fields[]') ? q.getAll('fields[]') : undefined,
    }
  }

  function listParamsFromBody(body: unknown): ListParams {
    if (!isObject(body)) throw invalidRequest()
    for (const key of Object.keys(body)) {
      if (!['filterByFormula', 'pageSize', 'maxRecords', 'offset', 'fields'].includes(key)) {
        throw invalidRequest(`Unsupported parameter: ${key}`)
      }
    }
    const { filterByFormula, pageSize, maxRecords, offset, fields } = body
    if (filterByFormula !== undefined && typeof filterByFormula !== 'string') throw invalidRequest()
    if (offset !== undefined && typeof offset !== 'string') throw invalidRequest()
    if (fields !== undefined && !(Array.isArray(fields) && fields.every((f) => typeof f === 'string'))) throw invalidRequest()
    return {
      filterByFormula,
      pageSize: pageSize === undefined ? MAX_PAGE_SIZE : integer(pageSize),
      maxRecords: maxRecords === undefined ? undefined : integer(maxRecords),
      offset,
      fields: fields as string[] | undefined,
    }
  }

  function list(table: Table, params: ListParams): { records: PublicRecord[]; offset?: string } {
    if (params.pageSize < 1 || params.pageSize > MAX_PAGE_SIZE) throw invalidRequest()
    const fields = params.fields?.map((name) => fieldNamed(table, name).name)
    const matches = params.filterByFormula === undefined ? () => true : compileFilter(table, params.filterByFormula)
    let iterator: Iterator
    if (params.offset !== undefined) {
      const found = iterators.get(params.offset)
      if (!found) throw typed(422, 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE', 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE')
      iterators.delete(params.offset)
      iterator = found
    } else {
      const ids = [...table.records.values()].filter(matches).map((record) => record.id)
      iterator = { ids: params.maxRecords === undefined ? ids : ids.slice(0, params.maxRecords), next: 0 }
    }
    const page: StoredRecord[] = []
    while (iterator.next < iterator.ids.length && page.length < params.pageSize) {
      // Records deleted since the first page are skipped, as Airtable does.
      const record = table.records.get(iterator.ids[iterator.next++] as string)
      if (record) page.push(record)
    }
    const result: { records: PublicRecord[]; offset?: string } = { records: page.map((r) => output(table, r, fields)) }
    if (iterator.next < iterator.ids.length) {
      const token = `${randomId('itr')}/${iterator.ids[iterator.next - 1]}`
      iterators.set(token, iterator)
      result.offset = token
    }
    return result
  }

  function compileFilter(table: Table, formula: string): (record: StoredRecord) => boolean {
    let tree
    try {
      tree = parseFormula(formula)
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error
      throw typed(422, 'INVALID_FILTER_BY_FORMULA', `The formula for filtering records is invalid: ${error.message}`)
    }
    const unknown = referencedFields(tree).filter((name) => !table.fields.some((f) => f.name === name))
    if (unknown.length > 0) {
      throw typed(422, 'INVALID_FILTER_BY_FORMULA', `The formula for filtering records is invalid: Unknown field names: ${unknown.join(', ')}`)
    }
    const parsed = tree
    return (record) =>
      truthy(evaluate(parsed, { field: (name) => formulaValue(fieldNamed(table, name), record.cells.get(name)), recordId: record.id }))
  }

  type WriteMode = 'create' | 'update'

  interface PendingWrite {
    existing: StoredRecord | null
    cells: Map<string, unknown>
  }

  function write(table: Table, body: unknown, mode: WriteMode): Record<string, unknown> {
    if (!isObject(body)) throw invalidRequest()
    for (const key of Object.keys(body)) {
      if (!['records', 'performUpsert', 'typecast'].includes(key)) throw invalidRequest(`Unsupported parameter: ${key}`)
    }
    const { records, performUpsert, typecast } = body
    if (typecast !== undefined && typeof typecast !== 'boolean') throw invalidRequest()
    if (!Array.isArray(records) || records.length === 0 || records.length > MAX_RECORDS_PER_WRITE) {
      throw typed(422, 'INVALID_RECORDS', `You must provide an array of up to ${MAX_RECORDS_PER_WRITE} record objects`)
    }
    const mergeOn = performUpsert === undefined ? null : mergeFields(table, performUpsert, mode)
    const newChoices = new Map<Field, Set<string>>()
    const pending: PendingWrite[] = []
    for (const input of records) {
      if (!isObject(input) || !isObject(input.fields)) throw invalidRequest()
      const cells = new Map<string, unknown>()
      for (const [name, value] of Object.entries(input.fields)) {
        const field = fieldNamed(table, name)
        cells.set(field.name, normalizeCell(field, value, typecast === true, newChoices))
      }
      pending.push({ existing: target(table, input.id, cells, mergeOn, mode, pending), cells })
    }
    // Validated as a whole first: like Airtable, one bad record fails the request and writes nothing.
    for (const [field, names] of newChoices) {
      for (const name of names) {
        field.choices.push({ id: randomId('sel'), name, color: COLORS[field.choices.length % COLORS.length] as string })
      }
    }
    const createdRecords: string[] = []
    const updatedRecords: string[] = []
    const written = pending.map(({ existing, cells }) => {
      const record = existing ?? { id: randomId('rec'), createdTime: new Date(now()).toISOString(), cells: new Map() }
      for (const [name, value] of cells) record.cells.set(name, value)
      if (existing) updatedRecords.push(record.id)
      else {
        table.records.set(record.id, record)
        createdRecords.push(record.id)
      }
      return output(table, record)
    })
    return mergeOn === null ? { records: written } : { records: written, createdRecords, updatedRecords }
  }

  function mergeFields(table: Table, performUpsert: unknown, mode: WriteMode): string[] {
    if (mode !== 'update' || !isObject(performUpsert) || !Array.isArray(performUpsert.fieldsToMergeOn)) throw invalidRequest()
    const names = performUpsert.fieldsToMergeOn
    if (names.length < 1 || names.length > 3 || !names.every((n) => typeof n === 'string')) throw invalidRequest()
    return (names as string[]).map((name) => fieldNamed(table, name).name)
  }

  function target(
    table: Table,
    id: unknown,
    cells: Map<string, unknown>,
    mergeOn: string[] | null,
    mode: WriteMode,
    earlier: PendingWrite[],
  ): StoredRecord | null {
    if (id !== undefined) {
      if (mode === 'create' || typeof id !== 'string') throw invalidRequest()
      const existing = table.records.get(id)
      if (!existing) throw typed(422, 'ROW_DOES_NOT_EXIST', `Record ID ${id} does not exist`)
      return existing
    }
    if (mode === 'create') return null
    if (mergeOn === null) throw invalidRequest('Record ID is required when performUpsert is not set')
    const key = mergeOn.map((name) => {
      if (!cells.has(name)) throw invalidRequest(`Field "${name}" is used to merge on and must be set on every record`)
      return cells.get(name)
    })
    const sameKey = (values: Map<string, unknown>) => mergeOn.every((name, i) => sameCell(values.get(name), key[i]))
    if (earlier.some((p) => p.existing === null && sameKey(p.cells))) {
      throw invalidRequest('Two records in this request have the same values in the fields to merge on')
    }
    const matches = [...table.records.values()].filter((record) => sameKey(record.cells))
    if (matches.length > 1) {
      throw invalidRequest(`Multiple records match the fields to merge on (${mergeOn.join(', ')}); upsert needs at most one`)
    }
    return matches[0] ?? null
  }

  function remove(table: Table, url: URL): { records: Array<{ id: string; deleted: true }> } {
    const ids = url.searchParams.getAll('records[]')
    if (ids.length === 0 || ids.length > MAX_RECORDS_PER_WRITE) {
      throw typed(422, 'INVALID_RECORDS', `You must provide an array of up to ${MAX_RECORDS_PER_WRITE} record ids`)
    }
    if (!ids.every((id) => table.records.has(id))) throw notFound()
    for (const id of ids) table.records.delete(id)
    return { records: ids.map((id) => ({ id, deleted: true as const })) }
  }

  function output(table: Table, record: StoredRecord, only?: string[]): PublicRecord {
    const fields: Record<string, unknown> = {}
    for (const field of table.fields) {
      if (only && !only.includes(field.name)) continue
      const value = record.cells.get(field.name)
      // Airtable leaves out empty cells and unticked checkboxes.
      if (value === undefined || value === null || value === '' || value === false) continue
      if (Array.isArray(value) && value.length === 0) continue
      fields[field.name] = Array.isArray(value) ? [...value] : value
    }
    return { id: record.id, createdTime: record.createdTime, fields }
  }

  function describeTable(table: Table) {
    return {
      id: table.id,
      name: table.name,
      primaryFieldId: table.fields[0]?.id,
      fields: table.fields.map((field) => ({ id: field.id, name: field.name, type: field.type, ...fieldOptions(field) })),
      views: [{ id: `viw${table.id.slice(3)}`, name: 'Grid view', type: 'grid' }],
    }
  }

  return {
    apiKey,
    baseId,
    stats,
    requestLog,
    handle,
    setRateLimit(limit) {
      requestsPerSecond = limit
      arrivals = []
      blockedUntil = 0
    },
    failNext(count, fault) {
      for (let i = 0; i < count; i++) faults.push(fault)
    },
    insert(tableName, fields) {
      const table = tableNamed(tableName)
      const result = write(table, { records: [{ fields }], typecast: true }, 'create')
      return (result.records as PublicRecord[])[0] as PublicRecord
    },
    records(tableName) {
      const table = tableNamed(tableName)
      return [...table.records.values()].map((record) => output(table, record))
    },
    dropTable(tableName) {
      tables.splice(tables.indexOf(tableNamed(tableName)), 1)
    },
    dropField(tableName, fieldName) {
      const table = tableNamed(tableName)
      table.fields.splice(table.fields.indexOf(fieldNamed(table, fieldName)), 1)
      for (const record of table.records.values()) record.cells.delete(fieldName)
    },
    setFieldType(tableName, fieldName, type) {
      fieldNamed(tableNamed(tableName), fieldName).type = type
    },
    removeChoice(tableName, fieldName, choice) {
      const field = fieldNamed(tableNamed(tableName), fieldName)
      field.choices = field.choices.filter((c) => c.name !== choice)
    },
  }
}

function fieldOptions(field: Field): { options?: Record<string, unknown> } {
  switch (field.type) {
    case 'singleSelect':
    case 'multipleSelects':
      return { options: { choices: field.choices.map((c) => ({ ...c })) } }
    case 'checkbox':
      return { options: { icon: 'check', color: 'greenBright' } }
    case 'dateTime':
      return {
        options: {
          dateFormat: { name: 'iso', format: 'YYYY-MM-DD' },
          timeFormat: { name: '24hour', format: 'HH:mm' },
          timeZone: 'utc',
        },
      }
    case 'number':
      return { options: { precision: 0 } }
    case 'rating':
      return { options: { max: 5, icon: 'star', color: 'yellowBright' } }
    default:
      return {}
  }
}

function cannotAccept(field: Field): HttpError {
  return typed(422, 'INVALID_VALUE_FOR_COLUMN', `Field "${field.name}" cannot accept the provided value`)
}

/** Checks a written value against the field type and stores it as Airtable would hand it back. */
function normalizeCell(field: Field, value: unknown, typecast: boolean, newChoices: Map<Field, Set<string>>): unknown {
  if (value === null) return null
  if (TEXT_TYPES.has(field.type)) {
    if (typeof value === 'string') return value
    if (typecast && (typeof value === 'number' || typeof value === 'boolean')) return String(value)
    throw cannotAccept(field)
  }
  switch (field.type) {
    case 'checkbox':
      if (typeof value !== 'boolean') throw cannotAccept(field)
      return value
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw cannotAccept(field)
      return value
    case 'rating':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 5) throw cannotAccept(field)
      return value
    case 'dateTime': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw cannotAccept(field)
      return new Date(value).toISOString()
    }
    case 'singleSelect':
      if (typeof value !== 'string') throw cannotAccept(field)
      if (value === '') return null
      acceptChoice(field, value, typecast, newChoices)
      return value
    case 'multipleSelects': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw cannotAccept(field)
      const names = [...new Set(value as string[])]
      for (const name of names) acceptChoice(field, name, typecast, newChoices)
      return names
    }
  }
  throw cannotAccept(field)
}

function acceptChoice(field: Field, name: string, typecast: boolean, newChoices: Map<Field, Set<string>>): void {
  if (field.choices.some((c) => c.name === name)) return
  if (!typecast) {
    throw typed(422, 'INVALID_MULTIPLE_CHOICE_OPTIONS', `Insufficient permissions to create new select option ""${name}""`)
  }
  const pending = newChoices.get(field) ?? new Set<string>()
  pending.add(name)
  newChoices.set(field, pending)
}

function formulaValue(field: Field, cell: unknown): FormulaValue {
  if (cell === undefined || cell === null) return field.type === 'checkbox' ? false : null
  if (field.type === 'dateTime') return new Date(cell as string)
  if (Array.isArray(cell)) return cell.join(', ')
  return cell as FormulaValue
}

function sameCell(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || v === ''
  if (empty(a) && empty(b)) return true
  return JSON.stringify(a) === JSON.stringify(b)
}

function integer(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isInteger(n)) throw invalidRequest()
  return n
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text()
  try {
    return JSON.parse(text)
  } catch {
    throw invalidRequest('Invalid request: the request body is not valid JSON')
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } })
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** Airtable ids: a three-letter prefix and 14 letters or digits. */
function randomId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(14))
  return prefix + Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('')
}
