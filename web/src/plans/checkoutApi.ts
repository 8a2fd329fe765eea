import { errorBodySchema } from '../../../shared/api/errorBody.ts'
import { checkoutCreatedSchema, purchaseViewSchema, type CheckoutCreated, type PurchaseView } from '../../../shared/api/checkout.ts'
import type { PlanId } from '../../../shared/plans/catalog.ts'
import { authorizedFetch } from '../auth/authorizedFetch.ts'
import { functionsUrl } from '../config.ts'

/** A refused or failed call to the checkout function. `status` 0: no answer at all. */
export class CheckoutApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'CheckoutApiError'
  }

  /** Worth asking again after a pause: no answer, or the server or Stripe is busy. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500
  }
}

async function call<T>(url: string, init: RequestInit, schema: { safeParse(body: unknown): { success: true; data: T } | { success: false } }): Promise<T> {
  let response: Response
  try {
    response = await authorizedFetch(url, init)
  } catch (error) {
    if (init.signal?.aborted) throw error
    throw new CheckoutApiError(0, 'network', 'The server could not be reached.')
  }
  const body: unknown = await response.json().catch(() => null)
  if (!response.ok) {
    const named = errorBodySchema.safeParse(body)
    throw named.success
      ? new CheckoutApiError(response.status, named.data.error, named.data.message)
      : new CheckoutApiError(response.status, `http_${response.status}`, `The server answered ${response.status}.`)
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new CheckoutApiError(response.status, 'unexpected_body', 'The server answered with something unexpected.')
  return parsed.data
}

/** Starts a Stripe Checkout for the signed-in member. Only the host and plan are sent: the price is the server's. */
export function createCheckout(choice: { hostId: string; plan: PlanId }): Promise<CheckoutCreated> {
  return call(
    `${functionsUrl}/checkout`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hostId: choice.hostId, plan: choice.plan }) },
    checkoutCreatedSchema,
  )
}

/** The signed-in member's purchase: its payment status and paid sessions. */
export function fetchPurchase(purchaseId: string, signal?: AbortSignal): Promise<PurchaseView> {
  return call(`${functionsUrl}/checkout?${new URLSearchParams({ purchase: purchaseId })}`, { signal }, purchaseViewSchema)
}
