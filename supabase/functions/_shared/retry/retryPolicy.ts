import { isRetryable } from '../errors.ts'

/**
 * How one kind of work is retried. The inbox, the outbox and every adapter share `decideRetry`;
 * each states only which errors are worth another attempt and how long to wait before it.
 */
export interface RetryPolicy {
  /** Attempts in all, counting the first. */
  maxAttempts: number
  retryable(error: unknown): boolean
  /** How long to wait after the `failures`-th failure (1 for the first). */
  waitMs(error: unknown, failures: number): number
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: 'permanent' | 'out of attempts' }

export function decideRetry(policy: RetryPolicy, error: unknown, failures: number): RetryDecision {
  if (!policy.retryable(error)) return { retry: false, reason: 'permanent' }
  if (failures >= policy.maxAttempts) return { retry: false, reason: 'out of attempts' }
  return { retry: true, delayMs: Math.max(0, policy.waitMs(error, failures)) }
}

/** `baseMs`, then doubling per failure, capped at `maxMs`. */
export function exponentialBackoff(baseMs: number, maxMs: number): (failures: number) => number {
  return (failures) => Math.min(baseMs * 2 ** Math.max(0, failures - 1), maxMs)
}

/** A wait the provider asked for (Retry-After, Airtable's 30 s), if the error carries one. */
export function askedWaitMs(error: unknown): number | undefined {
  const asked = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs
  return typeof asked === 'number' && Number.isFinite(asked) && asked >= 0 ? asked : undefined
}

/** For work whose errors are ours or Postgres's: anything but a typed refusal is worth retrying. */
export function defaultPolicy(options: { maxAttempts: number; baseMs: number; maxMs: number }): RetryPolicy {
  const backoff = exponentialBackoff(options.baseMs, options.maxMs)
  return {
    maxAttempts: options.maxAttempts,
    retryable: isRetryable,
    waitMs: (error, failures) => askedWaitMs(error) ?? backoff(failures),
  }
}
