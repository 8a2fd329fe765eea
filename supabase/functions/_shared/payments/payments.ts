import type { RefundStatus } from '../../../../shared/stripe/events.ts'

/**
 * Taking money: Stripe when configured, else the local stand-in. Each call is one attempt; the
 * caller retries a retryable failure (`ProviderError.retryable`) with the same idempotency key,
 * so a retry never charges or refunds twice.
 */
export interface Payments {
  createCheckoutSession(request: CheckoutRequest): Promise<CheckoutSession>
  createRefund(request: RefundRequest): Promise<Refund>
}

/** What Checkout's metadata carries, so every event can be matched to its purchase. */
export interface CheckoutMetadata {
  purchase_id: string
  member_id: string
  host_id: string
  plan_type: string
}

export interface CheckoutRequest {
  /** One per checkout attempt (the purchase id): a network retry of the attempt reuses it. */
  idempotencyKey: string
  amountCents: number
  currency: string
  /** The line item's name, as the member reads it on the payment page. */
  productName: string
  metadata: CheckoutMetadata
  clientReferenceId: string
  customerEmail: string | null
  successUrl: string
  cancelUrl: string
}

export interface CheckoutSession {
  id: string
  url: string
}

export interface RefundRequest {
  idempotencyKey: string
  paymentIntentId: string
  amountCents: number
  /** `purchase_id`, and `paid_session_ids` (comma-separated) naming the credits it pays back. */
  metadata: Record<string, string>
}

export interface Refund {
  id: string
  status: RefundStatus
  amountCents: number
}
