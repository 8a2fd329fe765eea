import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
import { DailyApiError } from '../../supabase/functions/_shared/rooms/daily/dailyApi.ts'
import { createDailyRoomProvider, type DailyRoomProviderOptions } from '../../supabase/functions/_shared/rooms/daily/dailyRooms.ts'
import { createFakeDaily } from '../support/daily/dailyHandlers.ts'
import { describeRoomProviderContract, NOW } from './roomProvider.contract.ts'

const API_KEY = 'daily-test-key'
const API_URL = 'https://api.daily.test/v1'
const fake = createFakeDaily({ apiKey: API_KEY, domain: 'presence', apiUrl: API_URL, now: () => NOW })
const server = setupServer(...fake.handlers)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
beforeEach(() => fake.reset())
afterEach(() => server.resetHandlers())

function provider(overrides: Partial<DailyRoomProviderOptions> = {}) {
  return createDailyRoomProvider({ apiKey: API_KEY, domain: 'presence', apiUrl: API_URL, now: () => NOW, ...overrides })
}

/** The provider's rejection, which must be a DailyApiError (the outbox reads its `retryable` and `retryAfterMs`). */
async function failure(promise: Promise<unknown>): Promise<DailyApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(DailyApiError)
  return error as DailyApiError
}

describeRoomProviderContract('Daily (msw)', async () => {
  fake.reset()
  return {
    provider: provider(),
    async stored(name) {
      const room = fake.rooms.get(name)
      if (!room) return null
      return {
        nbf: new Date(Number(room.config.nbf) * 1000),
        exp: new Date(Number(room.config.exp) * 1000),
        privacy: room.privacy,
      }
    },
    urlOf: (name) => `https://presence.daily.co/${name}`,
    tokenKey: API_KEY,
    domainId: fake.domainId,
  }
})

const spec = { name: 'presence-s1', nbf: new Date('2030-01-01T09:45:00Z'), exp: new Date('2030-01-01T10:45:00Z') }

describe('Daily room provider, on the wire', () => {
  it('creates with POST /rooms: private, nbf/exp in unix seconds, ejecting at exp', async () => {
    await provider().ensureRoom(spec)
    expect(fake.requests).toEqual(['POST /rooms'])
    expect(fake.bodies[0]).toEqual({
      name: 'presence-s1',
      privacy: 'private',
      properties: { nbf: 1893491100, exp: 1893494700, eject_at_room_exp: true },
    })
  })

  it('on "already exists" updates the room with POST /rooms/:name to the spec', async () => {
    const daily = provider()
    await daily.ensureRoom(spec)
    const moved = { ...spec, exp: new Date('2030-01-01T11:15:00Z') }
    await daily.ensureRoom(moved)
    expect(fake.requests).toEqual(['POST /rooms', 'POST /rooms', 'POST /rooms/presence-s1'])
    expect(fake.bodies[2]).toEqual({ privacy: 'private', properties: { nbf: 1893491100, exp: 1893496500, eject_at_room_exp: true } })
    expect(fake.rooms.get('presence-s1')?.config.exp).toBe(1893496500)
  })

  it('makes the room brand new when it vanished between the duplicate answer and the update', async () => {
    const daily = provider()
    await daily.ensureRoom(spec)
    // The update lands on a room deleted a moment before (a concurrent cleanup).
    server.use(
      http.post(
        `${API_URL}/rooms/presence-s1`,
        () => {
          fake.rooms.delete('presence-s1')
          return HttpResponse.json({ error: 'not-found', info: 'room presence-s1 was not found' }, { status: 404 })
        },
        { once: true },
      ),
    )
    const room = await daily.ensureRoom(spec)
    expect(room.url).toBe('https://presence.daily.co/presence-s1')
    expect(fake.rooms.has('presence-s1')).toBe(true)
  })

  it("uses the url Daily returns, and falls back to https://{domain}.daily.co/{name}", async () => {
    server.use(
      http.post(`${API_URL}/rooms`, () => HttpResponse.json({ name: 'presence-s1', privacy: 'private', url: 'https://custom.example/presence-s1' }), {
        once: true,
      }),
    )
    expect((await provider().ensureRoom(spec)).url).toBe('https://custom.example/presence-s1')
    server.use(http.post(`${API_URL}/rooms`, () => HttpResponse.json({ name: 'presence-s1', privacy: 'private' }), { once: true }))
    const room = await provider().ensureRoom(spec)
    expect(room).toEqual({ name: 'presence-s1', url: 'https://presence.daily.co/presence-s1', nbf: spec.nbf, exp: spec.exp })
  })

  it('deletes with DELETE /rooms/:name; a 404 the second time is success', async () => {
    const daily = provider()
    await daily.ensureRoom(spec)
    await daily.deleteRoom('presence-s1')
    await daily.deleteRoom('presence-s1')
    expect(fake.requests).toEqual(['POST /rooms', 'DELETE /rooms/presence-s1', 'DELETE /rooms/presence-s1'])
  })

  it('treats deleting an expired room (404 with deleted: true) as success', async () => {
    const daily = provider()
    await daily.ensureRoom({ ...spec, nbf: new Date('2029-12-31T07:00:00Z'), exp: new Date('2029-12-31T08:00:00Z') })
    await expect(daily.deleteRoom('presence-s1')).resolves.toBeUndefined()
    expect(fake.rooms.has('presence-s1')).toBe(false)
  })
})

/*
 * The provider sends one request per call and leaves retrying to the outbox: each failure says
 * whether another attempt could succeed and, when Daily said so, how long to wait first.
 */
describe('Daily room provider, failures', () => {
  it('a 429 without Retry-After is retryable with no wait of its own', async () => {
    fake.failNext(1, 429)
    const error = await failure(provider().ensureRoom(spec))
    expect(error).toMatchObject({ provider: 'daily', retryable: true, providerStatus: 429, status: 503, retryAfterMs: undefined })
    expect(error.message).toMatch(/create room presence-s1: 429 rate-limit-error/)
    expect(fake.requests).toEqual(['POST /rooms'])
    expect(fake.rooms.has('presence-s1')).toBe(false)
  })

  it("a 429 with Retry-After carries Daily's wait in milliseconds", async () => {
    fake.failNext(1, 429, { 'Retry-After': '7' })
    const error = await failure(provider().deleteRoom('presence-s1'))
    expect(error).toMatchObject({ retryable: true, providerStatus: 429, retryAfterMs: 7_000 })
    expect(fake.requests).toEqual(['DELETE /rooms/presence-s1'])
  })

  it('an unreadable Retry-After is ignored, and the 429 is still retryable', async () => {
    fake.failNext(1, 429, { 'Retry-After': 'soon' })
    const error = await failure(provider().ensureRoom(spec))
    expect(error).toMatchObject({ retryable: true, providerStatus: 429, retryAfterMs: undefined })
  })

  it.each([500, 502, 503])('a %i is one request and a retryable ProviderError', async (status) => {
    fake.failNext(1, status)
    const error = await failure(provider().ensureRoom(spec))
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ provider: 'daily', retryable: true, providerStatus: status, status: 503, retryAfterMs: undefined })
    expect(error.message).toBe(`daily: create room presence-s1: ${status} server-error: Something went wrong on our side`)
    expect(fake.requests).toEqual(['POST /rooms'])
  })

  it('a request that outlives the timeout is one request and a retryable error naming the timeout', async () => {
    fake.stallNext(1, 500)
    const error = await failure(provider({ timeoutMs: 50 }).ensureRoom(spec))
    expect(error).toMatchObject({ retryable: true, providerStatus: undefined, type: 'timeout' })
    expect(error.message).toBe('daily: create room presence-s1: no answer within 50 ms')
    expect(fake.requests).toEqual(['POST /rooms'])
  })

  it('a lost connection is one request and a retryable network error', async () => {
    fake.dropNext(1)
    const error = await failure(provider().deleteRoom('presence-s1'))
    expect(error).toMatchObject({ retryable: true, providerStatus: undefined, type: 'network-error' })
    expect(error.message).toMatch(/^daily: delete room presence-s1: network error/)
    expect(fake.requests).toEqual(['DELETE /rooms/presence-s1'])
  })

  it('a 400 other than "already exists" is a non-retryable ProviderError carrying Daily\'s error and info', async () => {
    const error = await failure(provider().ensureRoom({ ...spec, name: 'bad name!' }))
    expect(error).toMatchObject({ provider: 'daily', retryable: false, providerStatus: 400, status: 502, type: 'invalid-request-error' })
    expect(error.message).toMatch(/create room bad name!: 400 invalid-request-error: name may only contain/)
    expect(fake.requests).toHaveLength(1)
  })

  it('a wrong API key is one request and a non-retryable 401 authentication-error', async () => {
    const error = await failure(provider({ apiKey: 'wrong-key' }).ensureRoom(spec))
    expect(error).toMatchObject({ retryable: false, providerStatus: 401, type: 'authentication-error' })
    expect(error.message).toMatch(/create room presence-s1: 401 authentication-error/)
    expect(fake.requests).toHaveLength(1)
  })

  it('a 404 where Daily should answer (a wrong API URL) is not retryable', async () => {
    fake.failNext(1, 404)
    const error = await failure(provider().createMeetingToken({ roomName: 'presence-s1', userName: 'Jane', userId: 'host-1', isOwner: true, exp: spec.exp }))
    expect(error).toMatchObject({ retryable: false, providerStatus: 404, type: 'not-found' })
    expect(error.message).toMatch(/get domain config: 404 not-found/)
    expect(fake.requests).toEqual(['GET /'])
  })

  it('an answer of the wrong shape is one request and a non-retryable ProviderError', async () => {
    let requests = 0
    server.use(
      http.post(`${API_URL}/rooms`, () => {
        requests++
        return HttpResponse.json({ id: 'no-name-here' })
      }),
    )
    const error = await failure(provider().ensureRoom(spec))
    expect(error).toMatchObject({ retryable: false })
    expect(error.message).toMatch(/unexpected answer.*\bname\b/)
    expect(requests).toBe(1)
  })

  it('a success that is not JSON is a non-retryable ProviderError', async () => {
    server.use(http.post(`${API_URL}/rooms`, () => new HttpResponse('<html>maintenance</html>', { status: 200 })))
    const error = await failure(provider().ensureRoom(spec))
    expect(error).toMatchObject({ retryable: false })
    expect(error.message).toMatch(/create room presence-s1: answer is not JSON/)
  })

  it('a 503 while bringing an existing room to spec is retryable, and the next attempt finishes the job', async () => {
    const daily = provider()
    await daily.ensureRoom(spec)
    const moved = { ...spec, exp: new Date('2030-01-01T11:15:00Z') }
    // The create answers "already exists" as usual; the update after it meets an outage.
    server.use(
      http.post(`${API_URL}/rooms/presence-s1`, () => HttpResponse.json({ error: 'server-error', info: 'try later' }, { status: 503 }), {
        once: true,
      }),
    )
    const error = await failure(daily.ensureRoom(moved))
    expect(error).toMatchObject({ retryable: true, providerStatus: 503 })
    expect(error.message).toMatch(/^daily: update room presence-s1: 503/)
    await expect(daily.ensureRoom(moved)).resolves.toMatchObject({ name: 'presence-s1', exp: moved.exp })
    expect(fake.rooms.get('presence-s1')?.config.exp).toBe(moved.exp.getTime() / 1000)
  })
})

describe('Daily meeting tokens', () => {
  const request = { roomName: 'presence-s1', userName: 'Jane', userId: 'host-1', isOwner: true, exp: spec.exp }

  it('asks for the domain id once (GET /) and then signs locally', async () => {
    const daily = provider()
    await daily.createMeetingToken(request)
    await daily.createMeetingToken({ ...request, isOwner: false })
    expect(fake.requests).toEqual(['GET /'])
  })

  it('shares one lookup between concurrent first tokens', async () => {
    const daily = provider()
    await Promise.all([daily.createMeetingToken(request), daily.createMeetingToken(request)])
    expect(fake.requests).toEqual(['GET /'])
  })

  it('forgets a failed lookup, so the next token asks again', async () => {
    const daily = provider()
    fake.failNext(1, 503)
    await expect(daily.createMeetingToken(request)).rejects.toMatchObject({ retryable: true, providerStatus: 503 })
    await expect(daily.createMeetingToken(request)).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(fake.requests).toEqual(['GET /', 'GET /'])
  })
})
