/**
 * Typed errors. Handlers throw these; one place (`http/respond.ts`) maps them to status codes,
 * and the pipeline reads `retryable` to decide between "try again later" and "failed".
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** The caller sent something we will never accept as it is (400/404/405/413/415/422). */
export class BadRequestError extends AppError {}

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
