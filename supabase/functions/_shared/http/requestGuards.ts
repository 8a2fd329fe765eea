import { BadRequestError, MethodNotAllowedError, PayloadTooLargeError, UnauthorizedError } from '../errors.ts'
import { timingSafeEqual } from '../../../../shared/crypto/hmac.ts'

export const ONE_MIB = 1024 * 1024

export function requireMethod(req: Request, ...allowed: string[]): void {
  if (!allowed.includes(req.method)) throw new MethodNotAllowedError(allowed)
}

/**
 * Reads the body once, refusing anything over `limit` bytes, whether or not the sender
 * declared its length honestly.
 */
export async function readBodyWithLimit(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get('content-length') ?? '0')
  if (declared > limit) throw new PayloadTooLargeError(limit)
  if (!req.body) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = req.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw new PayloadTooLargeError(limit)
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

export function parseJsonBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch {
    throw new BadRequestError('Body is not valid JSON', 'invalid_json')
  }
}

/** Internal functions are called by the scheduler and operators with the service role key. */
export function requireServiceKey(req: Request, serviceRoleKey: string): void {
  const header = req.headers.get('authorization') ?? ''
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
  if (!token || !timingSafeEqual(token, serviceRoleKey)) throw new UnauthorizedError('A valid service role key is required')
}
