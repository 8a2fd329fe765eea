import type { ErrorBody } from '../../../../shared/api/errorBody.ts'
import { AppError, describeError } from '../errors.ts'
import type { Logger } from '../runtime/logger.ts'

export function json(status: number, body: unknown, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } })
}

/**
 * The one place typed errors become status codes. Unexpected errors are logged and answered
 * 500 without their details, which may hold data the caller should not see.
 */
export function errorResponse(error: unknown, log: Logger): Response {
  if (error instanceof AppError) {
    return json(error.status, { error: error.code, message: error.message } satisfies ErrorBody, error.headers)
  }
  log.log('error', 'unhandled error', { error: describeError(error) })
  return json(500, { error: 'internal_error', message: 'Something went wrong; it has been logged.' } satisfies ErrorBody)
}

export type Handler = (req: Request) => Promise<Response>

export function withErrorMapping(handler: Handler, log: Logger): Handler {
  return async (req) => {
    try {
      return await handler(req)
    } catch (error) {
      return errorResponse(error, log)
    }
  }
}
