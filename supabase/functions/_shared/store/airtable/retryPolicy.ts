import { askedWaitMs, exponentialBackoff, type RetryPolicy } from '../../retry/retryPolicy.ts'
import { isRetryable } from '../../errors.ts'

/**
 * Airtable: a 429 blocks the base for 30 s (the error carries that wait); 5xx, timeouts and
 * network errors are retried from 2 s, doubling to 5 minutes; anything else (401/403/404/422)
 * will not change by waiting.
 */
export const AIRTABLE_RETRY: RetryPolicy = {
  maxAttempts: 10,
  retryable: isRetryable,
  waitMs: (error, failures) => askedWaitMs(error) ?? exponentialBackoff(2_000, 300_000)(failures),
}
