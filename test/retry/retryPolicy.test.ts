import { describe, expect, it } from 'vitest'
import { UnprocessableError } from '../../supabase/functions/_shared/errors.ts'
import { DailyApiError } from '../../supabase/functions/_shared/rooms/daily/dailyApi.ts'
import { DAILY_RETRY } from '../../supabase/functions/_shared/rooms/daily/retryPolicy.ts'
import { decideRetry, defaultPolicy, type RetryPolicy } from '../../supabase/functions/_shared/retry/retryPolicy.ts'
import { AirtableError } from '../../supabase/functions/_shared/store/airtable/client.ts'
import { AIRTABLE_RETRY } from '../../supabase/functions/_shared/store/airtable/retryPolicy.ts'

const FIVE_MINUTES = 5 * 60_000
/** Airtable's documented answer to a 429: the whole base is refused for the next 30 seconds. */
const AIRTABLE_PENALTY_MS = 30_000

/** Every decision for one error failing again and again, until the policy stops. */
function decisionsUntilStop(policy: RetryPolicy, error: unknown) {
  const delays: number[] = []
  for (let failures = 1; failures <= 1_000; failures++) {
    const decision = decideRetry(policy, error, failures)
    if (!decision.retry) return { delays, stop: decision.reason, failures }
    delays.push(decision.delayMs)
  }
  throw new Error('the policy never stops retrying')
}

const outage = {
  airtable: new AirtableError('list Presence Operations: 503 SERVER_ERROR: Server error', true, 503, 'SERVER_ERROR'),
  daily: new DailyApiError('create room presence-s1: 503 server-error', true, 503, 'server-error', 'Something went wrong'),
}

describe.each([
  ['Airtable', AIRTABLE_RETRY, outage.airtable],
  ['Daily', DAILY_RETRY, outage.daily],
  ['work of our own', defaultPolicy({ maxAttempts: 8, baseMs: 5_000, maxMs: FIVE_MINUTES }), new Error('connection reset')],
])('retrying %s', (_, policy, error) => {
  it('an outage is retried with waits that never shrink as failures grow and never exceed five minutes', () => {
    const { delays } = decisionsUntilStop(policy, error)
    expect(delays.length).toBeGreaterThanOrEqual(2)
    expect(delays[0]).toBeGreaterThan(0)
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number)
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(FIVE_MINUTES)
    // Growing, not constant: a long outage is not hammered at the first failure's pace.
    expect(delays.at(-1)).toBeGreaterThan(delays[0] as number)
  })

  it('ends with "out of attempts" once the policy’s attempts are spent, the first one included', () => {
    const { delays, stop, failures } = decisionsUntilStop(policy, error)
    expect(stop).toBe('out of attempts')
    expect(failures).toBe(policy.maxAttempts)
    expect(delays).toHaveLength(policy.maxAttempts - 1)
  })
})

describe('retrying the providers', () => {
  it.each([
    ['Airtable', AIRTABLE_RETRY, outage.airtable],
    ['Daily', DAILY_RETRY, outage.daily],
  ])('%s: the retries of an outage span more than five minutes, so a short outage does not fail the work', (_, policy, error) => {
    const { delays } = decisionsUntilStop(policy, error)
    expect(delays.reduce((sum, delay) => sum + delay, 0)).toBeGreaterThan(FIVE_MINUTES)
  })

  it.each([
    ['Airtable 422', AIRTABLE_RETRY, new AirtableError('upsert: 422 UNKNOWN_FIELD_NAME', false, 422, 'UNKNOWN_FIELD_NAME')],
    ['Airtable 401', AIRTABLE_RETRY, new AirtableError('list: 401 AUTHENTICATION_REQUIRED', false, 401, 'AUTHENTICATION_REQUIRED')],
    ['Airtable malformed answer', AIRTABLE_RETRY, new AirtableError('list: answer is not JSON', false, undefined, 'INVALID_RESPONSE')],
    ['Daily 400', DAILY_RETRY, new DailyApiError('create room: 400 invalid-request-error', false, 400, 'invalid-request-error', 'bad name')],
    ['Daily 401', DAILY_RETRY, new DailyApiError('create room: 401 authentication-error', false, 401, 'authentication-error', '')],
  ])('%s stops at the first failure as permanent', (_, policy, error) => {
    expect(decideRetry(policy, error, 1)).toEqual({ retry: false, reason: 'permanent' })
  })

  it('Airtable: after a 429 the wait is the 30 seconds Airtable asked for, however many failures came before', () => {
    const limited = new AirtableError('list: 429 RATE_LIMIT_REACHED', true, 429, 'RATE_LIMIT_REACHED', AIRTABLE_PENALTY_MS)
    const { delays } = decisionsUntilStop(AIRTABLE_RETRY, limited)
    expect(new Set(delays)).toEqual(new Set([AIRTABLE_PENALTY_MS]))
    // Against an outage at the same count the backoff would have grown past 30 s by then.
    expect(decisionsUntilStop(AIRTABLE_RETRY, outage.airtable).delays.at(-1)).toBeGreaterThan(AIRTABLE_PENALTY_MS)
  })

  it('Daily: a 429 waits what Retry-After said, shorter or longer than the backoff', () => {
    const soon = new DailyApiError('create room: 429 rate-limit-error', true, 429, 'rate-limit-error', '', 2_000)
    const later = new DailyApiError('create room: 429 rate-limit-error', true, 429, 'rate-limit-error', '', 90_000)
    const backoffAtFive = decideRetry(DAILY_RETRY, outage.daily, 5)
    expect(backoffAtFive.retry && backoffAtFive.delayMs).toBeGreaterThan(2_000)
    expect(decideRetry(DAILY_RETRY, soon, 5)).toEqual({ retry: true, delayMs: 2_000 })
    expect(decideRetry(DAILY_RETRY, later, 1)).toEqual({ retry: true, delayMs: 90_000 })
  })

  it('Daily: a 429 without Retry-After backs off like an outage', () => {
    const limited = new DailyApiError('create room: 429 rate-limit-error', true, 429, 'rate-limit-error', '')
    expect(decisionsUntilStop(DAILY_RETRY, limited).delays).toEqual(decisionsUntilStop(DAILY_RETRY, outage.daily).delays)
  })
})

describe('defaultPolicy (work whose errors are ours or Postgres’s)', () => {
  const policy = defaultPolicy({ maxAttempts: 5, baseMs: 1_000, maxMs: 5_000 })

  it('doubles from the base wait up to the cap, then is out of attempts', () => {
    expect(decisionsUntilStop(policy, new Error('connection reset'))).toEqual({
      delays: [1_000, 2_000, 4_000, 5_000],
      stop: 'out of attempts',
      failures: 5,
    })
  })

  it('a typed refusal of ours is permanent; a provider’s retryable error is retried', () => {
    expect(decideRetry(policy, new UnprocessableError('booking has no uid'), 1)).toEqual({ retry: false, reason: 'permanent' })
    expect(decideRetry(policy, outage.daily, 1)).toEqual({ retry: true, delayMs: 1_000 })
  })

  it('honours a wait the error asks for, and ignores one that is not a usable number', () => {
    const asks = (retryAfterMs: unknown) => Object.assign(new Error('busy'), { retryAfterMs })
    expect(decideRetry(policy, asks(12_000), 1)).toEqual({ retry: true, delayMs: 12_000 })
    for (const unusable of [-1, Number.NaN, Number.POSITIVE_INFINITY, '30']) {
      expect(decideRetry(policy, asks(unusable), 1)).toEqual({ retry: true, delayMs: 1_000 })
    }
  })
})

describe('decideRetry', () => {
  it('never schedules a retry in the past', () => {
    const policy: RetryPolicy = { maxAttempts: 3, retryable: () => true, waitMs: () => -500 }
    expect(decideRetry(policy, new Error('x'), 1)).toEqual({ retry: true, delayMs: 0 })
  })
})
