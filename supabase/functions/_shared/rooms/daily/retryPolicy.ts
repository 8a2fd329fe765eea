import { askedWaitMs, exponentialBackoff, type RetryPolicy } from '../../retry/retryPolicy.ts'
import { isRetryable } from '../../errors.ts'

const MAX_WAIT_MS = 300_000

/**
 * Daily: a 429 says when to come back (Retry-After, carried by the error, never more than 5
 * minutes: a room someone is waiting for must not sit out an hour); 5xx, timeouts and network
 * errors are retried from 1 s, doubling to 5 minutes; a 4xx will not change by waiting.
 */
export const DAILY_RETRY: RetryPolicy = {
  maxAttempts: 10,
  retryable: isRetryable,
  waitMs: (error, failures) => Math.min(askedWaitMs(error) ?? exponentialBackoff(1_000, MAX_WAIT_MS)(failures), MAX_WAIT_MS),
}
