import type { Delivery, Provider } from './inbox.ts'

/**
 * What a processor made of a delivery. The inbox records it: `processed` and `ignored` are
 * final, `failed` is retried per the inbox's policy when the error is retryable.
 */
export type ProcessorOutcome =
  | { outcome: 'processed' }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'failed'; error: unknown }

/** Acts on one recorded delivery of its provider. Must be safe to run again on the same delivery. */
export interface InboxProcessor {
  process(delivery: Delivery): Promise<ProcessorOutcome>
}

/** One processor per provider; a provider without one has its deliveries kept as ignored. */
export type ProcessorTable = Partial<Record<Provider, InboxProcessor>>
