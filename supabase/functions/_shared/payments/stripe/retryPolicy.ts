import { exponentialBackoff, type RetryPolicy } from '../../retry/retryPolicy.ts'
import { isRetryable } from '../../errors.ts'

/**
 * Stripe, while a member waits on the checkout button: three attempts, 0.5 s then 1 s apart,
 * each with the same idempotency key, then a clear "try again" rather than a spinner.
 */
export const STRIPE_CHECKOUT_RETRY: RetryPolicy = { maxAttempts: 3, retryable: isRetryable, waitMs: (_error, failures) => exponentialBackoff(500, 2_000)(failures) }

/** Stripe, for an operator's refund: a few more attempts, up to 8 s apart. */
export const STRIPE_REFUND_RETRY: RetryPolicy = { maxAttempts: 5, retryable: isRetryable, waitMs: (_error, failures) => exponentialBackoff(1_000, 8_000)(failures) }
