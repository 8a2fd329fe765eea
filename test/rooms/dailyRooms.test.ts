import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
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

/** Backoffs are recorded instead of slept, so retry tests take no wall-clock time. */
function provider(overrides: Partial<DailyRoomProviderOptions> = {}) {
  const waits: number[] = []
  const daily = createDailyRoomProvider({
    apiKey: API_KEY,
    domain: 'presence',
    apiUrl: API_URL,
    now: () => NOW,
    sleep: async (ms) => {
      waits.push(ms)
    },
    ...overrides,
  })
  return { daily, waits }
}

describeRoomProviderContract('Daily (msw)', async () => {
  fake.reset()
  return {
    provider: provider().daily,
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
    await provider().daily.ensureRoom(spec)
    expect(fake.requests).toEqual(['POST /rooms'])
    expect(fake.bodies[0]).toEqual({
      name: 'presence-s1',
      privacy: 'private',
      properties: { nbf: 1893491100, exp: 1893494700, eject_at_room_exp: true },
    })
  })

  it('on "already exists" updates the room with POST /rooms/:name to the spec', async () => {
    const { daily } = provider()
    await daily.ensureRoom(spec)
    const moved = { ...spec, exp: new Date('2030-01-01T11:15:00Z') }
    await daily.ensureRoom(moved)
    expect(fake.requests).toEqual(['POST /rooms', 'POST /rooms', 'POST /rooms/presence-s1'])
    expect(fake.bodies[2]).toEqual({ privacy: 'private', properties: { nbf: 1893491100, exp: 1893496500, eject_at_room_exp: true } })
    expect(fake.rooms.get('presence-s1')?.config.exp).toBe(1893496500)
  })

  it('makes the room brand new when it vanished between the duplicate answer and the update', async () => {
    const { daily } = provider()
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
    expect((await provider().daily.ensureRoom(spec)).url).toBe('https://custom.example/presence-s1')
    server.use(http.post(`${API_URL}/rooms`, () => HttpResponse.json({ name: 'presence-s1', privacy: 'private' }), { once: true }))
    const room = await provider().daily.ensureRoom(spec)
    expect(room).toEqual({ name: 'presence-s1', url: 'https://presence.daily.co/presence-s1', nbf: spec.nbf, exp: spec.exp })
  })

  it('deletes with DELETE /rooms/:name; a 404 the second time is success', async () => {
    const { daily } = provider()
    await daily.ensureRoom(spec)
    await daily.deleteRoom('presence-s1')
    await daily.deleteRoom('presence-s1')
    expect(fake.requests).toEqual(['POST /rooms', 'DELETE /rooms/presence-s1', 'DELETE /rooms/presence-s1'])
  })

  it('treats deleting an expired room (404 with deleted: true) as success', async () => {
    const { daily } = provider()
    await daily.ensureRoom({ ...spec, nbf: new Date('2029-12-31T07:00:00Z'), exp: new Date('2029-12-31T08:00:00Z') })
    await expect(daily.deleteRoom('presence-s1')).resolves.toBeUndefined()
    expect(fake.rooms.has('presence-s1')).toBe(false)
  })

  it('retries a 429 with backoff, then succeeds', async () => {
    const { daily, waits } = provider()
    fake.failNext(2, 429)
    await daily.ensureRoom(spec)
    expect(fake.requests).toEqual(['POST /rooms', 'POST /rooms', 'POST /rooms'])
    expect(waits).toEqual([500, 1000])
    expect(fake.rooms.has('presence-s1')).toBe(true)
  })

  it("honours a 429's Retry-After, but never beyond 8 s", async () => {
    const { daily, waits } = provider()
    fake.failNext(1, 429, { 'Retry-After': '2' })
    fake.failNext(1, 429, { 'Retry-After': '3600' })
    await daily.ensureRoom(spec)
    expect(waits).toEqual([2000, 8000])
  })

  it('gives up on a persistent 500 after maxAttempts with a retryable ProviderError', async () => {
    const { daily, waits } = provider({ maxAttempts: 3 })
    fake.failNext(10, 500)
    const error = await daily.ensureRoom(spec).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ provider: 'daily', retryable: true, providerStatus: 500, status: 503 })
    expect((error as Error).message).toMatch(/gave up after 3 attempts.*500 server-error/)
    expect(fake.requests).toHaveLength(3)
    expect(waits).toEqual([500, 1000])
  })

  it('a 400 other than "already exists" is a non-retryable ProviderError carrying Daily\'s error and info', async () => {
    const { daily } = provider()
    const error = await daily.ensureRoom({ ...spec, name: 'bad name!' }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ provider: 'daily', retryable: false, providerStatus: 400, status: 502 })
    expect((error as Error).message).toMatch(/create room bad name!: 400 invalid-request-error: name may only contain/)
    expect(fake.requests).toHaveLength(1)
  })

  it('a wrong API key is a non-retryable 401 authentication-error', async () => {
    const { daily } = provider({ apiKey: 'wrong-key' })
    const error = await daily.ensureRoom(spec).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ retryable: false, providerStatus: 401 })
    expect((error as Error).message).toMatch(/authentication-error/)
  })

  it('a request that outlives the timeout is retried, and a room still made', async () => {
    const { daily } = provider({ timeoutMs: 50 })
    fake.stallNext(1, 300)
    const room = await daily.ensureRoom(spec)
    expect(room.name).toBe('presence-s1')
    expect(fake.requests).toEqual(['POST /rooms', 'POST /rooms'])
  })

  it('timeouts on every attempt end in a retryable ProviderError naming the timeout', async () => {
    const { daily } = provider({ timeoutMs: 50, maxAttempts: 2 })
    fake.stallNext(2, 300)
    const error = await daily.deleteRoom('presence-s1').catch((caught: unknown) => caught)
    expect(error).toMatchObject({ provider: 'daily', retryable: true, providerStatus: undefined })
    expect((error as Error).message).toMatch(/no answer within 50 ms/)
  })

  it('an answer of the wrong shape is a non-retryable ProviderError', async () => {
    server.use(http.post(`${API_URL}/rooms`, () => HttpResponse.json({ id: 'no-name-here' })))
    const error = await provider().daily.ensureRoom(spec).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ retryable: false })
    expect((error as Error).message).toMatch(/unexpected answer \(name:/)
  })
})

describe('Daily meeting tokens', () => {
  const request = { roomName: 'presence-s1', userName: 'Jane', userId: 'host-1', isOwner: true, exp: spec.exp }

  it('asks for the domain id once (GET /) and then signs locally', async () => {
    const { daily } = provider()
    await daily.createMeetingToken(request)
    await daily.createMeetingToken({ ...request, isOwner: false })
    expect(fake.requests).toEqual(['GET /'])
  })

  it('shares one lookup between concurrent first tokens', async () => {
    const { daily } = provider()
    await Promise.all([daily.createMeetingToken(request), daily.createMeetingToken(request)])
    expect(fake.requests).toEqual(['GET /'])
  })

  it('forgets a failed lookup, so the next token asks again', async () => {
    const { daily } = provider({ maxAttempts: 1 })
    fake.failNext(1, 503)
    await expect(daily.createMeetingToken(request)).rejects.toMatchObject({ retryable: true, providerStatus: 503 })
    await expect(daily.createMeetingToken(request)).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(fake.requests).toEqual(['GET /', 'GET /'])
  })
})
