import { delay, http, HttpResponse, type HttpHandler } from 'msw'

/**
 * msw handlers that answer like Twilio's Messages API (https://www.twilio.com/docs/messaging/api/message-resource)
 * for the calls Presence makes, with in-memory messages and fault injection.
 *
 * Modelled: Basic auth with the account SID and auth token (401, code 20003); form-encoded POST
 * /2010-04-01/Accounts/{Sid}/Messages.json answering 201 with the Message resource (`SM…` sid,
 * `queued`, or `accepted` through a Messaging Service); 400 21604 without To, 21602 without
 * Body, 21603 without From or MessagingServiceSid; 400 21211 for a To that is not E.164, 21610 for
 * a number that replied STOP; GET Messages.json?To= newest first; errors as
 * `{code, message, more_info, status}`; 429 with 20429; 500 with 20500.
 */
export interface TwilioFault {
  status: number
  code: number
  message: string
}

export interface FakeTwilioMessage {
  sid: string
  account_sid: string
  to: string
  from: string | null
  messaging_service_sid: string | null
  body: string
  status: string
  status_callback: string | null
  date_created: string
}

export interface FakeTwilio {
  readonly handlers: HttpHandler[]
  readonly messages: FakeTwilioMessage[]
  /** Every request, as `METHOD path`, with the status answered. */
  readonly requests: { method: string; path: string; status: number }[]
  readonly optedOut: Set<string>
  /** The next `count` sends answer `fault` instead (nothing is created). */
  failNext(count: number, fault: TwilioFault): void
  /** The next send creates the message, then answers only after `ms` (past the caller's timeout: the answer is lost). */
  acceptThenStall(ms: number): void
  reset(): void
}

export const TOO_MANY_REQUESTS: TwilioFault = { status: 429, code: 20429, message: 'Too Many Requests' }
export const SERVER_ERROR: TwilioFault = { status: 500, code: 20500, message: 'Internal Server Error' }
export const INVALID_NUMBER = (to: string): TwilioFault => ({ status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` })

function errorBody(fault: TwilioFault) {
  return HttpResponse.json({ code: fault.code, message: fault.message, more_info: `https://www.twilio.com/docs/errors/${fault.code}`, status: fault.status }, { status: fault.status })
}

/** RFC 2822 in UTC, as Twilio writes dates: "Tue, 01 Dec 2026 14:18:03 +0000". */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000')
}

export function createFakeTwilio(options: { accountSid: string; authToken: string; apiUrl: string }): FakeTwilio {
  const messages: FakeTwilioMessage[] = []
  const requests: FakeTwilio['requests'] = []
  const optedOut = new Set<string>()
  let faults: TwilioFault[] = []
  let stallMs: number | null = null
  const base = `${options.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/:accountSid/Messages.json`
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`

  function authorised(request: Request, accountSid: string) {
    return request.headers.get('authorization') === expectedAuth && accountSid === options.accountSid
  }

  /** Logged on arrival (a stalled request counts), its status once answered. */
  function arrived(request: Request) {
    const entry = { method: request.method, path: new URL(request.url).pathname, status: 0 }
    requests.push(entry)
    return (response: Response): Response => {
      entry.status = response.status
      return response
    }
  }

  const handlers: HttpHandler[] = [
    http.post(base, async ({ request, params }) => {
      const reply = arrived(request)
      if (!authorised(request, String(params.accountSid))) return reply(errorBody({ status: 401, code: 20003, message: 'Authenticate' }))
      const fault = faults.shift()
      if (fault) return reply(errorBody(fault))
      const form = new URLSearchParams(await request.text())
      const to = form.get('To')
      const body = form.get('Body')
      const from = form.get('From')
      const service = form.get('MessagingServiceSid')
      if (!to) return reply(errorBody({ status: 400, code: 21604, message: "A 'To' phone number is required." }))
      if (!body) return reply(errorBody({ status: 400, code: 21602, message: 'Message body is required.' }))
      if (!from && !service) return reply(errorBody({ status: 400, code: 21603, message: "The 'From' phone number is required." }))
      if (!/^\+[1-9]\d{6,14}$/.test(to)) return reply(errorBody(INVALID_NUMBER(to)))
      if (optedOut.has(to)) return reply(errorBody({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' }))
      const message: FakeTwilioMessage = {
        sid: `SM${crypto.randomUUID().replace(/-/g, '')}`,
        account_sid: options.accountSid,
        to,
        from: from ?? null,
        messaging_service_sid: service ?? null,
        body,
        status: service ? 'accepted' : 'queued',
        status_callback: form.get('StatusCallback'),
        date_created: rfc2822(new Date()),
      }
      messages.unshift(message)
      if (stallMs !== null) {
        const ms = stallMs
        stallMs = null
        await delay(ms)
      }
      return reply(HttpResponse.json(message, { status: 201 }))
    }),
    http.get(base, ({ request, params }) => {
      const reply = arrived(request)
      if (!authorised(request, String(params.accountSid))) return reply(errorBody({ status: 401, code: 20003, message: 'Authenticate' }))
      const url = new URL(request.url)
      const to = url.searchParams.get('To')
      const pageSize = Number(url.searchParams.get('PageSize') ?? '50')
      const found = messages.filter((message) => !to || message.to === to).slice(0, pageSize)
      return reply(HttpResponse.json({ messages: found, page: 0, page_size: pageSize, first_page_uri: url.pathname, next_page_uri: null, previous_page_uri: null, uri: url.pathname + url.search }))
    }),
  ]

  return {
    handlers,
    messages,
    requests,
    optedOut,
    failNext(count, fault) {
      faults.push(...Array.from({ length: count }, () => fault))
    },
    acceptThenStall(ms) {
      stallMs = ms
    },
    reset() {
      messages.length = 0
      requests.length = 0
      optedOut.clear()
      faults = []
      stallMs = null
    },
  }
}
