import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { createSharedRateLimiter } from '../../supabase/functions/_shared/rateLimit/sharedRateLimiter.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()

/** Airtable allows 5 requests a second per base: starts at least a fifth of a second apart. */
const REQUESTS_PER_SECOND = 5
const MIN_GAP_MS = 1_000 / REQUESTS_PER_SECOND
/** Airtable's documented answer to a 429: the whole base is refused for the next 30 seconds. */
const AIRTABLE_PENALTY_MS = 30_000

/*
 * The limiter reads only the database's clock. On the real clock a caller's wait is its slot minus
 * the moment its statement ran, so the waits of two callers differ by their slots' spacing less the
 * time between their statements: the spacing could not be read off the waits. These tests put a
 * clock that moves only when told to ahead of pg_catalog's `clock_timestamp()` on every connection
 * the limiters use, so each wait is exactly its slot's distance from now.
 */
let schema = ''
beforeAll(async () => {
  const [row] = await db.sql<{ schema: string }[]>`select current_schema() as schema`
  schema = row?.schema as string
  await db.sql.unsafe(`
    create table test_clock (now timestamptz not null);
    insert into test_clock values ('2030-01-01T09:00:00Z');
    create function ${schema}.clock_timestamp() returns timestamptz language sql stable as 'select now from test_clock';
  `)
})

const advanceClock = (ms: number) => db.sql`update test_clock set now = now + make_interval(secs => ${ms / 1000})`

const pools: Sql[] = []
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end({ timeout: 1 })))
})

/**
 * A connection of its own, as a separate worker or function instance would have, reading the test
 * clock. One connection per pool, so the search_path set here holds for every later query.
 */
async function processConnection(): Promise<Sql> {
  const pool = connectDatabase(db.url, { max: 1 })
  pools.push(pool)
  await pool.unsafe(`set search_path to ${schema}, pg_catalog, public`)
  return pool
}

let keys = 0
const freshKey = () => `airtable:appTest${++keys}`

/**
 * A process's limiter whose sleeps are recorded instead of slept: each call's total wait, as the
 * database decided it (a long wait is slept in two parts, around its look for a pause).
 */
function limiterFor(sql: Sql, key: string) {
  const waits: number[] = []
  const build = (sleep: (ms: number) => Promise<void>) => createSharedRateLimiter({ sql, key, requestsPerSecond: REQUESTS_PER_SECOND, sleep })
  const shared = build(async (ms) => void waits.push(ms))
  const limiter = {
    ...shared,
    async acquire() {
      let total = 0
      await build(async (ms) => void (total += ms)).acquire()
      if (total > 0) waits.push(total)
    },
  }
  return { limiter, waits }
}

/** Within the few milliseconds the limiter's own look at the database takes. */
const expectWait = (actual: number | undefined, expected: number) => expect(actual).toBeCloseTo(expected, -2)

describe('shared rate limiter (Postgres)', () => {
  it('concurrent callers in several processes get distinct slots at least a fifth of a second apart', async () => {
    const key = freshKey()
    const processes = await Promise.all(Array.from({ length: 4 }, async () => limiterFor(await processConnection(), key)))
    const callers = 12
    await Promise.all(Array.from({ length: callers }, (_, i) => processes[i % processes.length]?.limiter.acquire()))
    const slept = processes.flatMap((p) => p.waits)
    // One caller goes at once (and does not sleep); every other one was given a slot of its own to wait for.
    expect(slept).toHaveLength(callers - 1)
    const waits = [0, ...slept.sort((a, b) => a - b)]
    // Each wait is the database's slot less the few milliseconds a long wait's look took.
    for (let i = 1; i < waits.length; i++) expect((waits[i] as number) - (waits[i - 1] as number)).toBeGreaterThanOrEqual(MIN_GAP_MS - 20)
  })

  it('a caller whose slot has come goes at once', async () => {
    const key = freshKey()
    const { limiter, waits } = limiterFor(await processConnection(), key)
    await limiter.acquire()
    await advanceClock(MIN_GAP_MS * 10)
    await limiter.acquire()
    expect(waits).toEqual([])
  })

  it('after pauseFor(30 s) the next caller, in any process, waits the 30 s, and the one after it longer', async () => {
    const key = freshKey()
    const pausing = await processConnection()
    const { limiter: limited } = limiterFor(pausing, key)
    await limited.pauseFor(AIRTABLE_PENALTY_MS)
    const other = limiterFor(await processConnection(), key)
    await other.limiter.acquire()
    await other.limiter.acquire()
    const [first, second] = other.waits as [number, number]
    expectWait(first, AIRTABLE_PENALTY_MS)
    expect(second - first).toBeGreaterThanOrEqual(MIN_GAP_MS - 20)
  })

  it('a shorter pause does not cut a longer one short', async () => {
    const key = freshKey()
    const sql = await processConnection()
    const { limiter, waits } = limiterFor(sql, key)
    await limiter.pauseFor(AIRTABLE_PENALTY_MS)
    await limiter.pauseFor(1_000)
    await limiter.acquire()
    expect(waits).toHaveLength(1)
    expectWait(waits[0], AIRTABLE_PENALTY_MS)
  })

  it('two keys (two Airtable bases) do not share slots or pauses', async () => {
    const sql = await processConnection()
    const a = limiterFor(sql, freshKey())
    const b = limiterFor(sql, freshKey())
    await Promise.all([a.limiter.acquire(), a.limiter.acquire(), a.limiter.acquire()])
    await a.limiter.pauseFor(AIRTABLE_PENALTY_MS)
    await Promise.all([b.limiter.acquire(), b.limiter.acquire()])
    expect(a.waits).toHaveLength(2)
    // The second caller on the other key waits one slot, as the second on the first key did: not behind that queue or its pause.
    expect(b.waits).toEqual(a.waits.slice(0, 1))
  })
})

describe('a pause that begins while a caller waits for its slot', () => {
  it('voids that slot: the caller waits for one after the pause instead of sending into it', async () => {
    const key = freshKey()
    const sql = await processConnection()
    const pauser = limiterFor(sql, key).limiter
    // Ten callers ahead: the eleventh waits two seconds, long enough to look for a pause first.
    for (let i = 0; i < 10; i++) await pauser.acquire()
    let paused = false
    const waits: number[] = []
    const waiting = createSharedRateLimiter({
      sql,
      key,
      requestsPerSecond: REQUESTS_PER_SECOND,
      sleep: async (ms) => {
        waits.push(ms)
        // Airtable answers someone else's request with a 429 while this caller sleeps.
        if (!paused) {
          paused = true
          await pauser.pauseFor(AIRTABLE_PENALTY_MS)
        }
      },
    })
    await waiting.acquire()
    const total = waits.reduce((sum, ms) => sum + ms, 0)
    // It slept towards its old slot, looked, found the pause, and took a slot after the pause.
    expect(waits.length).toBeGreaterThan(2)
    expect(total).toBeGreaterThan(AIRTABLE_PENALTY_MS)
  })
})
