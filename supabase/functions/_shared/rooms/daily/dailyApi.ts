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
    /** A 429's Retry-After, when Daily sent one. */
    readonly retryAfterMs?: number,
  ) {
    super('daily', message, retryable, status)
  }
}

export interface DailyApiOptions {
  apiKey: string
  apiUrl: string
  fetch?: typeof fetch
  timeoutMs: number
}

export interface DailyRequest {
  method: 'GET' | 'POST' | 'DELETE'
  path: string
  body?: unknown
  /** Names the request in errors. */
  label: string
}

export type DailyApi = <T>(schema: z.ZodType<T>, request: DailyRequest) => Promise<T>

/**
 * Sends one Daily request, no retries: a failure says whether another attempt could succeed
 * (429, 5xx, timeouts, network errors) and how long Daily asked us to wait; the caller's retry
 * policy decides when. Every answer is checked against `schema`.
 */
export function createDailyApi(options: DailyApiOptions): DailyApi {
  const { apiKey, timeoutMs } = options
  // Looked up per call so test interceptors installed later still see the requests.
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const root = options.apiUrl.replace(/\/+$/, '')

  return async function send<T>(schema: z.ZodType<T>, request: DailyRequest): Promise<T> {
    const answer = await sendProviderRequest(fetchImpl, { url: `${root}${request.path}`, method: request.method, apiKey, body: request.body, timeoutMs })
    if (!isAnswer(answer)) {
      throw new DailyApiError(`${request.label}: ${answer.problem}`, true, undefined, answer.timedOut ? 'timeout' : 'network-error', answer.problem)
    }
    if (answer.status >= 200 && answer.status < 300) {
      const parsed = parseAnswer(schema, answer.text)
      if (parsed.ok) return parsed.value
      throw new DailyApiError(`${request.label}: ${parsed.reason}`, false, undefined, 'invalid-response', answer.text.slice(0, 200))
    }
    const detail = parseErrorBody(answer.text)
    const problem = `${answer.status} ${detail.type}${detail.info ? `: ${detail.info}` : ''}`
    const retryable = answer.status === 429 || answer.status >= 500
    throw new DailyApiError(`${request.label}: ${problem}`, retryable, answer.status, detail.type, detail.info, retryAfterOf(answer.headers.get('Retry-After')))
  }
}

/** Retry-After in seconds (Daily does not send the date form). */
function retryAfterOf(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined
  const seconds = Number(header)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}
