/**
 * Typed errors, each with its status and code. Handlers throw these; one place (`http/respond.ts`)
 * turns them into answers, and the pipeline reads `retryable` to decide between "try again
 * later" and "failed".
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    /** Headers the answer must carry (e.g. `Allow` on a 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** The request is malformed: not JSON, or not the shape the function takes. */
export class BadRequestError extends AppError {
  constructor(message: string, code = 'invalid_request') {
    super(message, 400, code)
  }
}

export class MethodNotAllowedError extends AppError {
  constructor(readonly allowed: readonly string[]) {
    super(`Use ${allowed.join(' or ')}`, 405, 'method_not_allowed', { allow: allowed.join(', ') })
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super(`Body is larger than ${limitBytes} bytes`, 413, 'payload_too_large')
  }
}

/** Well-formed and authentic, but not something we can act on (a signed webhook without a uid). */
export class UnprocessableError extends AppError {
  constructor(message: string, code = 'invalid_payload') {
    super(message, 422, code)
  }
}

/** The session exists, but is not in a state for this now (not booked, or outside its join window). */
export class NotJoinableError extends AppError {
  constructor(message: string) {
    super(message, 409, 'not_joinable')
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Unauthorized') {
    super(message, 401, 'unauthorized')
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Forbidden', code = 'forbidden') {
    super(message, 403, code)
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(message, 404, 'not_found')
  }
}

/** A provider (Airtable, Daily, Twilio, Stripe) failed. `retryable` for 429/5xx/timeouts. */
export class ProviderError extends AppError {
  constructor(
    readonly provider: string,
    message: string,
    readonly retryable: boolean,
    readonly providerStatus?: number,
  ) {
    super(`${provider}: ${message}`, retryable ? 503 : 502, retryable ? 'provider_unavailable' : 'provider_error')
  }
}

export function isRetryable(error: unknown): boolean {
  if (error instanceof ProviderError) return error.retryable
  // Anything unexpected (a dropped connection, a crash) is worth another try; the attempt cap ends it.
  return !(error instanceof AppError)
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
