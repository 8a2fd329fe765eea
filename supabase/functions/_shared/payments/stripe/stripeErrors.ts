import { ProviderError } from '../../errors.ts'

/** A failed Stripe call; `type` and `code` are Stripe's (`invalid_request_error`, `rate_limit`, …). */
export class StripeApiError extends ProviderError {
  constructor(
    message: string,
    retryable: boolean,
    status: number | undefined,
    readonly type: string,
    readonly stripeCode: string | undefined,
  ) {
    super('stripe', message, retryable, status)
  }
}

interface SdkError {
  type?: unknown
  rawType?: unknown
  statusCode?: unknown
  code?: unknown
  message?: unknown
  headers?: Record<string, unknown>
}

/**
 * Maps what the SDK threw to a typed error. Worth another attempt: 429, 5xx, a connection error
 * or timeout (the SDK's StripeConnectionError), a 409 for a request with the same key still in
 * flight, and whatever Stripe marks `Stripe-Should-Retry: true`. The rest will not change by waiting.
 */
export function toStripeApiError(label: string, error: unknown): StripeApiError {
  if (error instanceof StripeApiError) return error
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkError
  const status = typeof sdk.statusCode === 'number' ? sdk.statusCode : undefined
  const type = typeof sdk.rawType === 'string' ? sdk.rawType : typeof sdk.type === 'string' ? sdk.type : 'unknown'
  const code = typeof sdk.code === 'string' ? sdk.code : undefined
  const message = typeof sdk.message === 'string' ? sdk.message : String(error)
  const connection = sdk.type === 'StripeConnectionError'
  const shouldRetry = String(sdk.headers?.['stripe-should-retry'] ?? '') === 'true'
  const retryable = connection || shouldRetry || status === 429 || (status !== undefined && status >= 500) || code === 'idempotency_key_in_use'
  const what = status === undefined ? (connection ? 'connection failed' : type) : `${status} ${type}${code ? ` (${code})` : ''}`
  return new StripeApiError(`${label}: ${what}: ${message}`, retryable, status, type, code)
}
