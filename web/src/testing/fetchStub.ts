import { vi } from 'vitest'

/** Test-only: a `fetch` that answers from a list of handlers, in order, and records each request. */
export interface RecordedRequest {
  method: string
  url: URL
  body: unknown
}

type Answer = Response | Error | ((request: RecordedRequest) => Response | Promise<Response>)

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

export function stubFetch(...answers: Answer[]) {
  const requests: RecordedRequest[] = []
  const queue = [...answers]
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      url: new URL(String(input)),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    requests.push(request)
    const answer = queue.shift()
    if (answer === undefined) throw new Error(`unexpected request: ${request.method} ${request.url}`)
    if (answer instanceof Error) throw answer
    return typeof answer === 'function' ? answer(request) : answer
  })
  vi.stubGlobal('fetch', fetch)
  return {
    requests,
    /** Adds answers for requests still to come. */
    enqueue: (...more: Answer[]) => queue.push(...more),
  }
}
