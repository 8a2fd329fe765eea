import { askedWaitMs, exponentialBackoff, type RetryPolicy } from '../../retry/retryPolicy.ts'
import { isRetryable } from '../../errors.ts'

/**
 * Daily: a 429 says when to come back (Retry-After, carried by the error); 5xx, timeouts and
 * network errors are retried from 1 s, doubling to 5 minutes; a 4xx will not change by waiting.
 */
export const DAILY_RETRY: RetryPolicy = {
  maxAttempts: 10,
  retryable: isRetryable,
  waitMs: (error, failures) => askedWaitMs(error) ?? exponentialBackoff(1_000, 300_000)(failures),
}
