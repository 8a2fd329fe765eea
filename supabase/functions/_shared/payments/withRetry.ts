import { decideRetry, type RetryPolicy } from '../retry/retryPolicy.ts'

export type Sleep = (ms: number) => Promise<void>

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Runs `attempt` until it succeeds or the policy says stop, waiting as the policy says between
 * attempts. The caller keeps the idempotency key the same across them, so they are one request.
 */
export async function withRetry<T>(policy: RetryPolicy, attempt: () => Promise<T>, sleep: Sleep = realSleep): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await attempt()
    } catch (error) {
      const decision = decideRetry(policy, error, failures)
      if (!decision.retry) throw error
      await sleep(decision.delayMs)
    }
  }
}
