import { errorBodySchema } from '../../../shared/api/errorBody.ts'

/** A refused or failed call to one of the functions. `status` 0: the request never got an answer. */
export class FunctionCallError extends Error {
  constructor(
    readonly status: number,
    /** The function's `error` code (`profile_required`, `link_expired`, …), or `network`, `http_<status>`, `unexpected_body`. */
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'FunctionCallError'
  }

  /** Worth asking again after a pause: no answer, or the function or its provider is busy (a 502 is a provider's refusal). */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status === 503 || this.status === 504
  }
}

interface Schema<T> {
  safeParse(body: unknown): { success: true; data: T } | { success: false }
}

/**
 * Calls a function and reads its answer through the API's own schema: a refusal becomes a
 * FunctionCallError with the function's code and message, a malformed answer one of its own.
 */
export async function callFunction<T>(
  url: string,
  init: RequestInit,
  schema: Schema<T>,
  send: (url: string, init: RequestInit) => Promise<Response> = (target, options) => fetch(target, options),
): Promise<T> {
  let response: Response
  try {
    response = await send(url, init)
  } catch (error) {
    if (init.signal?.aborted) throw error
    throw new FunctionCallError(0, 'network', 'The server could not be reached. Check your connection and try again.')
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const named = errorBodySchema.safeParse(body)
    throw named.success
      ? new FunctionCallError(response.status, named.data.error, named.data.message)
      : new FunctionCallError(response.status, `http_${response.status}`, `The server answered ${response.status}.`)
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new FunctionCallError(response.status, 'unexpected_body', 'The server answered with something unexpected.')
  return parsed.data
}
