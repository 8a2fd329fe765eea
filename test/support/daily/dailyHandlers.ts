import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import { z } from 'zod'

/**
 * msw handlers that behave like Daily's REST API (https://docs.daily.co/reference/rest-api) for
 * the endpoints Presence uses, backed by an in-memory room map, with fault injection.
 *
 * Modelled: Bearer auth (400 `authorization-header-error` without one, 401 `authentication-error`
 * with the wrong key); POST /rooms (400 `invalid-request-error` "a room named X already exists",
 * names `[A-Za-z0-9_-]{1,128}`, unknown properties rejected); POST /rooms/:name (merges
 * properties); GET and DELETE /rooms/:name (404 `not-found`; a room past its `exp` counts as
 * deleted, as Daily treats it); GET / (domain config with `domain_id`).
 */

export interface FakeDailyRoom {
  id: string
  name: string
  privacy: string
  created_at: string
  config: Record<string, unknown>
}

export interface FakeDailyOptions {
  apiKey: string
  /** The subdomain: rooms get `https://{domain}.daily.co/{name}`. */
  domain: string
  apiUrl?: string
  domainId?: string
  /** For expiry; real time by default. */
  now?: () => Date
}

export interface FakeDaily {
  readonly handlers: HttpHandler[]
  readonly rooms: Map<string, FakeDailyRoom>
  readonly domainId: string
  /** Each request the fake received, as `METHOD /path`, faults included. */
  readonly requests: string[]
  /** Request bodies by the same index as `requests` (undefined when there was none). */
  readonly bodies: unknown[]
  /**
   * The next `count` requests answer `status` with Daily's error type for it: 429
   * `rate-limit-error`, 5xx `server-error`, 404 `not-found`, any other `invalid-request-error`.
   */
  failNext(count: number, status: number, headers?: Record<string, string>): void
  /** The next `count` requests wait `ms` before answering normally: longer than a client's timeout, they time out. */
  stallNext(count: number, ms: number): void
  /** The next `count` requests lose their connection: no HTTP answer at all. */
  dropNext(count: number): void
  reset(): void
}

type Fault = { kind: 'fail'; status: number; headers: Record<string, string> } | { kind: 'stall'; ms: number } | { kind: 'drop' }

const ROOM_NAME = /^[A-Za-z0-9_-]{1,128}$/

const propertiesSchema = z.strictObject({
  nbf: z.number().int().optional(),
  exp: z.number().int().optional(),
  eject_at_room_exp: z.boolean().optional(),
})
const createSchema = z.strictObject({
  name: z.string().optional(),
  privacy: z.enum(['public', 'private', 'org']).optional(),
  properties: propertiesSchema.optional(),
})
const updateSchema = z.strictObject({
  privacy: z.enum(['public', 'private', 'org']).optional(),
  properties: propertiesSchema.optional(),
})

function dailyError(status: number, error: string, info: string, headers: Record<string, string> = {}) {
  return HttpResponse.json({ error, info }, { status, headers })
}

/** What Daily answers for a status, as its REST API documents the error types. */
function injectedError(status: number, headers: Record<string, string>) {
  if (status === 429) return dailyError(429, 'rate-limit-error', 'Too many requests, slow down', headers)
  if (status >= 500) return dailyError(status, 'server-error', 'Something went wrong on our side', headers)
  if (status === 404) return dailyError(404, 'not-found', 'resource not found', headers)
  return dailyError(status, 'invalid-request-error', 'the request was refused', headers)
}

export function createFakeDaily(options: FakeDailyOptions): FakeDaily {
  const base = (options.apiUrl ?? 'https://api.daily.co/v1').replace(/\/+$/, '')
  const now = options.now ?? (() => new Date())
  const domainId = options.domainId ?? '30f866c3-9123-452a-8723-ff58322d09c5'
  const rooms = new Map<string, FakeDailyRoom>()
  const requests: string[] = []
  const bodies: unknown[] = []
  let faults: Fault[] = []
  /** Bumped by reset(), so a stalled request from an earlier test cannot touch a later one's rooms. */
  let generation = 0

  const expired = (room: FakeDailyRoom) => typeof room.config.exp === 'number' && now().getTime() / 1000 >= room.config.exp
  const toJson = (room: FakeDailyRoom) => ({
    ...room,
    api_created: true,
    url: `https://${options.domain}.daily.co/${room.name}`,
  })

  /** Logs the request, then plays a queued fault or checks auth; a Response means "answer this". */
  async function gate(request: Request): Promise<Response | undefined> {
    const path = new URL(request.url).pathname.slice(new URL(base).pathname.length) || '/'
    requests.push(`${request.method} ${path}`)
    const text = await request.clone().text()
    bodies.push(text ? safeJson(text) : undefined)
    const fault = faults.shift()
    if (fault?.kind === 'stall') {
      // Daily goes on with a request its client gave up on; a reset in the meantime ends it instead.
      const startedIn = generation
      await delay(fault.ms)
      if (generation !== startedIn) return HttpResponse.error()
    }
    if (fault?.kind === 'drop') return HttpResponse.error()
    if (fault?.kind === 'fail') return injectedError(fault.status, fault.headers)
    const auth = request.headers.get('Authorization')
    const bearer = auth?.match(/^Bearer (\S+)$/)?.[1]
    if (!bearer) return dailyError(400, 'authorization-header-error', 'bad Authorization header format')
    if (bearer !== options.apiKey) return dailyError(401, 'authentication-error', 'Invalid Authorization header')
    return undefined
  }

  async function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<T | Response> {
    let json: unknown
    try {
      json = JSON.parse((await request.text()) || '{}')
    } catch {
      return dailyError(400, 'json-parsing-error', 'could not parse the request body as JSON')
    }
    const parsed = schema.safeParse(json)
    if (parsed.success) return parsed.data
    const issue = parsed.error.issues[0]
    return dailyError(400, 'invalid-request-error', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`)
  }

  const handlers: HttpHandler[] = [
    http.get(`${base}/`, async ({ request }) => {
      const refused = await gate(request)
      if (refused) return refused
      return HttpResponse.json({ domain_name: options.domain, domain_id: domainId, config: { hide_daily_branding: false, lang: 'en' } })
    }),

    http.post(`${base}/rooms`, async ({ request }) => {
      const refused = await gate(request)
      if (refused) return refused
      const body = await readBody(request, createSchema)
      if (body instanceof Response) return body
      const name = body.name ?? crypto.randomUUID().replace(/-/g, '').slice(0, 20)
      if (!ROOM_NAME.test(name)) {
        return dailyError(400, 'invalid-request-error', 'name may only contain letters, numbers, "-" and "_", at most 128 characters')
      }
      if (rooms.has(name)) return dailyError(400, 'invalid-request-error', `a room named ${name} already exists`)
      const room: FakeDailyRoom = {
        id: crypto.randomUUID(),
        name,
        privacy: body.privacy ?? 'public',
        created_at: now().toISOString(),
        config: { ...body.properties },
      }
      rooms.set(name, room)
      return HttpResponse.json(toJson(room))
    }),

    http.get(`${base}/rooms/:name`, async ({ request, params }) => {
      const refused = await gate(request)
      if (refused) return refused
      const room = rooms.get(String(params.name))
      if (!room || expired(room)) return dailyError(404, 'not-found', `room ${String(params.name)} was not found`)
      return HttpResponse.json(toJson(room))
    }),

    http.post(`${base}/rooms/:name`, async ({ request, params }) => {
      const refused = await gate(request)
      if (refused) return refused
      const room = rooms.get(String(params.name))
      if (!room) return dailyError(404, 'not-found', `room ${String(params.name)} was not found`)
      const body = await readBody(request, updateSchema)
      if (body instanceof Response) return body
      if (body.privacy) room.privacy = body.privacy
      room.config = { ...room.config, ...body.properties }
      return HttpResponse.json(toJson(room))
    }),

    http.delete(`${base}/rooms/:name`, async ({ request, params }) => {
      const refused = await gate(request)
      if (refused) return refused
      const name = String(params.name)
      const room = rooms.get(name)
      if (!room) return dailyError(404, 'not-found', `room ${name} was not found`)
      rooms.delete(name)
      if (expired(room)) {
        return HttpResponse.json({ error: 'not-found', info: `room ${name} was not found`, deleted: true }, { status: 404 })
      }
      return HttpResponse.json({ deleted: true, name })
    }),
  ]

  return {
    handlers,
    rooms,
    domainId,
    requests,
    bodies,
    failNext(count, status, headers = {}) {
      for (let i = 0; i < count; i++) faults.push({ kind: 'fail', status, headers })
    },
    stallNext(count, ms) {
      for (let i = 0; i < count; i++) faults.push({ kind: 'stall', ms })
    },
    dropNext(count) {
      for (let i = 0; i < count; i++) faults.push({ kind: 'drop' })
    },
    reset() {
      generation++
      rooms.clear()
      requests.length = 0
      bodies.length = 0
      faults = []
    },
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
