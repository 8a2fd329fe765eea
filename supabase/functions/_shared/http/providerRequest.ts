import { z } from 'zod'

/**
 * The parts every provider client shares: one JSON request with a bearer key and a timeout, and
 * checking an answer against its schema. Retry policy stays with each client, since providers
 * differ in what a 429 means (Airtable blocks the whole base; Daily says when to come back).
 */
export interface ProviderAnswer {
  status: number
  text: string
  headers: Headers
}

/** No HTTP answer at all: the request timed out or the connection failed. */
export interface NoAnswer {
  timedOut: boolean
  problem: string
}

export async function sendProviderRequest(
  fetchImpl: typeof fetch,
  request: { url: string; method: string; apiKey: string; body?: unknown; timeoutMs: number },
): Promise<ProviderAnswer | NoAnswer> {
  try {
    const response = await fetchImpl(request.url, {
      method: request.method,
      headers: {
        Authorization: `Bearer ${request.apiKey}`,
        ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    })
    return { status: response.status, text: await response.text(), headers: response.headers }
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError'
    return { timedOut, problem: timedOut ? `no answer within ${request.timeoutMs} ms` : `network error (${describeCause(error)})` }
  }
}

export function isAnswer(result: ProviderAnswer | NoAnswer): result is ProviderAnswer {
  return 'status' in result
}

/** The answer's JSON checked against `schema`; otherwise a reason fit for an error message. */
export function parseAnswer<T>(schema: z.ZodType<T>, text: string): { ok: true; value: T } | { ok: false; reason: string } {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'answer is not JSON' }
  }
  const parsed = schema.safeParse(json)
  if (parsed.success) return { ok: true, value: parsed.data }
  return { ok: false, reason: `unexpected answer (${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')})` }
}

function describeCause(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message
  return String(error)
}
