import { z } from 'zod'
import { parseAnswer } from '../../http/providerRequest.ts'
import { isRetryableTwilio, TwilioApiError } from './twilioErrors.ts'

export interface TwilioApiOptions {
  accountSid: string
  authToken: string
  apiUrl: string
  fetch?: typeof fetch
  timeoutMs: number
}

/** Every Twilio error reads `{"code": 21211, "message": "…", "more_info": "https://…", "status": 400}`. */
const errorBodySchema = z.looseObject({ code: z.number().optional(), message: z.string().optional() })

export interface TwilioRequest {
  method: 'GET' | 'POST'
  /** Under `/2010-04-01/Accounts/{AccountSid}`, e.g. `/Messages.json`. */
  path: string
  /** Sent form-encoded (POST) or as the query (GET). */
  params: Record<string, string>
  label: string
}

export type TwilioApi = <T>(schema: z.ZodType<T>, request: TwilioRequest) => Promise<T>

/**
 * One Twilio REST request with fetch, no retries: form-encoded, Basic auth with the account SID
 * and auth token. A failure is a TwilioApiError that says whether another attempt could work and
 * whether Twilio may have acted on it; the job's retry policy decides when.
 */
export function createTwilioApi(options: TwilioApiOptions): TwilioApi {
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const root = `${options.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}`
  const authorization = `Basic ${btoa(`${options.accountSid}:${options.authToken}`)}`

  return async function send<T>(schema: z.ZodType<T>, request: TwilioRequest): Promise<T> {
    const form = new URLSearchParams(request.params)
    const url = request.method === 'GET' ? `${root}${request.path}?${form}` : `${root}${request.path}`
    let response: Response
    let text: string
    try {
      response = await fetchImpl(url, {
        method: request.method,
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          ...(request.method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: request.method === 'POST' ? form.toString() : undefined,
        signal: AbortSignal.timeout(options.timeoutMs),
      })
      text = await response.text()
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError'
      const problem = timedOut ? `no answer within ${options.timeoutMs} ms` : `network error (${error instanceof Error ? error.message : String(error)})`
      throw new TwilioApiError(`${request.label}: ${problem}`, true, undefined, undefined, 'unknown')
    }
    if (response.ok) {
      const parsed = parseAnswer(schema, text)
      if (parsed.ok) return parsed.value
      throw new TwilioApiError(`${request.label}: ${parsed.reason}`, false, response.status, undefined, 'unknown')
    }
    const body = parseAnswer(errorBodySchema, text)
    const code = body.ok ? body.value.code : undefined
    const detail = body.ok && body.value.message ? body.value.message : text.slice(0, 200)
    throw new TwilioApiError(
      `${request.label}: ${response.status}${code === undefined ? '' : ` (Twilio ${code})`} ${detail}`,
      isRetryableTwilio(response.status, code),
      response.status,
      code,
      response.status >= 500 ? 'unknown' : 'refused',
      retryAfterOf(response.headers.get('Retry-After')),
    )
  }
}

function retryAfterOf(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined
  const seconds = Number(header)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined
}
