import type { z } from 'zod'
import { ProviderError } from '../../errors.ts'
import { isAnswer, parseAnswer, sendProviderRequest } from '../../http/providerRequest.ts'
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
      const answer = await sendProviderRequest(fetchImpl, { url: `${root}${request.path}`, method: request.method, apiKey, body: request.body, timeoutMs })
      if (!isAnswer(answer)) {
        lastProblem = answer.problem
        lastStatus = undefined
        lastType = answer.timedOut ? 'timeout' : 'network-error'
      } else if (answer.status >= 200 && answer.status < 300) {
        const parsed = parseAnswer(schema, answer.text)
        if (parsed.ok) return parsed.value
        throw new DailyApiError(`${request.label}: ${parsed.reason}`, false, undefined, 'invalid-response', answer.text.slice(0, 200))
      } else {
        const detail = parseErrorBody(answer.text)
        lastStatus = answer.status
        lastType = detail.type
        lastProblem = `${answer.status} ${detail.type}${detail.info ? `: ${detail.info}` : ''}`
        if (answer.status !== 429 && answer.status < 500) {
          throw new DailyApiError(`${request.label}: ${lastProblem}`, false, answer.status, detail.type, detail.info)
        }
        retryAfter = answer.headers.get('Retry-After')
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
