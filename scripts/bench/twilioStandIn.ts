import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for Twilio's Messages API over real HTTP, for the messages benchmark and the
 * pacing test: form-encoded POST /2010-04-01/Accounts/{Sid}/Messages.json with Basic auth
 * answering 201 with the Message resource, GET of the same path (`To=`, newest first), errors as
 * `{code, message, more_info, status}`. Like a long code, it takes at most one message per
 * `From` number in any `windowMs` (1 s) and answers 429 with code 20429 to the rest.
 */
export interface TwilioStandIn {
  url: string
  /** Arrival times (ms, performance.now()) of the messages it accepted, per From number. */
  accepted: Map<string, number[]>
  tooManyRequests: number
  /** Sends `Retry-After: seconds` with every 429 from now on (Twilio may; by default none). */
  retryAfter(seconds: number | null): void
  reset(): void
  close(): Promise<void>
}

interface StoredMessage {
  sid: string
  to: string
  from: string
  body: string
  status: string
  date_created: string
}

export async function startTwilioStandIn(options: { accountSid: string; authToken: string; windowMs?: number }): Promise<TwilioStandIn> {
  const windowMs = options.windowMs ?? 1_000
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`
  const path = `/2010-04-01/Accounts/${options.accountSid}/Messages.json`
  const accepted = new Map<string, number[]>()
  const messages: StoredMessage[] = []
  const state = { tooManyRequests: 0, retryAfter: null as number | null }

  function answer(response: ServerResponse, status: number, body: unknown) {
    response.writeHead(status, { 'content-type': 'application/json', ...(status === 429 && state.retryAfter !== null ? { 'retry-after': String(state.retryAfter) } : {}) })
    response.end(JSON.stringify(body))
  }
  const error = (response: ServerResponse, status: number, code: number, message: string) =>
    answer(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status })

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const arrived = performance.now()
    const url = new URL(request.url ?? '/', 'http://stand-in')
    if (url.pathname !== path) return error(response, 404, 20404, 'The requested resource was not found')
    if (request.headers.authorization !== expectedAuth) return error(response, 401, 20003, 'Authenticate')
    if (request.method === 'GET') {
      const to = url.searchParams.get('To')
      return answer(response, 200, { messages: messages.filter((message) => !to || message.to === to).slice(0, 50), next_page_uri: null })
    }
    if (request.method !== 'POST') return error(response, 405, 20004, 'Method not allowed')
    let text = ''
    for await (const chunk of request) text += chunk
    const form = new URLSearchParams(text)
    const to = form.get('To') ?? ''
    const from = form.get('From') ?? ''
    if (!from) return error(response, 400, 21603, "The 'From' phone number is required.")
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return error(response, 400, 21211, `The 'To' number ${to} is not a valid phone number.`)
    const times = accepted.get(from) ?? []
    const last = times.at(-1)
    if (last !== undefined && arrived - last < windowMs) {
      state.tooManyRequests++
      return error(response, 429, 20429, 'Too Many Requests')
    }
    times.push(arrived)
    accepted.set(from, times)
    const message = { sid: `SM${crypto.randomUUID().replace(/-/g, '')}`, to, from, body: form.get('Body') ?? '', status: 'queued', date_created: new Date().toUTCString().replace('GMT', '+0000') }
    messages.unshift(message)
    return answer(response, 201, { ...message, account_sid: options.accountSid })
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => error(response, 500, 20500, 'Internal Server Error'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    get tooManyRequests() {
      return state.tooManyRequests
    },
    retryAfter(seconds) {
      state.retryAfter = seconds
    },
    reset() {
      accepted.clear()
      messages.length = 0
      state.tooManyRequests = 0
      state.retryAfter = null
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
