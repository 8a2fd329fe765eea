import type { z } from 'zod'
import { ProviderError } from '../../errors.ts'
import { parseErrorBody } from './responses.ts'

/** A failed Daily request; `type` is Daily's `error` (`invalid-request-error`, `not-found`, …), `info` its text. */
export class DailyApiError extends ProviderError {
  constructor(
    message: string,
    retryable: boolean,
    status: number | undefined,
    readonly type: string,
    readonly info: string,
  ) {
    super('daily', message, retryable, status)
  }
}

export interface DailyApiOptions {
  apiKey: string
  apiUrl: string
  fetch?: typeof fetch
  sleep?: (ms: number) => Promise<void>
  /** Per attempt. */
  timeoutMs: number
  maxAttempts: number
  /** First backoff after a 429, 5xx, network error or timeout; doubles per attempt, capped at 8 s. */
  retryBaseMs: number
}

export interface DailyRequest {
  method: 'GET' | 'POST' | 'DELETE'
  path: string
  body?: unknown
  /** Names the request in errors. */
  label: string
}

export type DailyApi = <T>(schema: z.ZodType<T>, request: DailyRequest) => Promise<T>

/** Also the cap on a 429's Retry-After: no answer from Daily makes us wait unbounded. */
const MAX_BACKOFF_MS = 8_000

/** Sends one Daily request with bounded retries; every answer is checked against `schema`. */
export function createDailyApi(options: DailyApiOptions): DailyApi {
  const { apiKey, timeoutMs } = options
  const maxAttempts = Math.max(1, options.maxAttempts)
  // Looked up per call so test interceptors installed later still see the requests.
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const root = options.apiUrl.replace(/\/+$/, '')

  function backoff(attempt: number, retryAfter: string | null): number {
    const asked = retryAfter === null ? Number.NaN : Number(retryAfter) * 1000
    const wait = Number.isFinite(asked) && asked >= 0 ? asked : options.retryBaseMs * 2 ** (attempt - 1)
    return Math.min(wait, MAX_BACKOFF_MS)
  }

  return async function send<T>(schema: z.ZodType<T>, request: DailyRequest): Promise<T> {
    let lastProblem = ''
    let lastStatus: number | undefined
    let lastType = 'unavailable'
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let retryAfter: string | null = null
      try {
        const response = await fetchImpl(`${root}${request.path}`, {
          method: request.method,
          headers: {
            Authorization: `Bearer ${apiKey}`,
            ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          signal: AbortSignal.timeout(timeoutMs),
        })
        const text = await response.text()
        if (response.ok) return parseBody(schema, text, request.label)
        const detail = parseErrorBody(text)
        lastStatus = response.status
        lastType = detail.type
        lastProblem = `${response.status} ${detail.type}${detail.info ? `: ${detail.info}` : ''}`
        if (response.status !== 429 && response.status < 500) {
          throw new DailyApiError(`${request.label}: ${lastProblem}`, false, response.status, detail.type, detail.info)
        }
        retryAfter = response.headers.get('Retry-After')
      } catch (error) {
        if (error instanceof DailyApiError) throw error
        const timedOut = error instanceof DOMException && error.name === 'TimeoutError'
        lastProblem = timedOut ? `no answer within ${timeoutMs} ms` : `network error (${describe(error)})`
        lastStatus = undefined
        lastType = timedOut ? 'timeout' : 'network-error'
      }
      if (attempt < maxAttempts) await sleep(backoff(attempt, retryAfter))
    }
    throw new DailyApiError(
      `${request.label}: gave up after ${maxAttempts} attempts; last: ${lastProblem}`,
      true,
      lastStatus,
      lastType,
      lastProblem,
    )
  }
}

function parseBody<T>(schema: z.ZodType<T>, text: string, label: string): T {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new DailyApiError(`${label}: answer is not JSON`, false, undefined, 'invalid-response', text.slice(0, 200))
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape'
    throw new DailyApiError(`${label}: unexpected answer (${where})`, false, undefined, 'invalid-response', where)
  }
  return parsed.data
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message
  return String(error)
}
