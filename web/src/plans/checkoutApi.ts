import { checkoutCreatedSchema, purchaseViewSchema, type CheckoutCreated, type PurchaseView } from '../../../shared/api/checkout.ts'
import type { PlanId } from '../../../shared/plans/catalog.ts'
import { callFunction } from '../api/callFunction.ts'
import { authorizedFetch } from '../auth/authorizedFetch.ts'
import { functionsUrl } from '../config.ts'

/** Starts a Stripe Checkout for the signed-in member. Only the host and plan are sent: the price is the server's. */
export function createCheckout(choice: { hostId: string; plan: PlanId }): Promise<CheckoutCreated> {
  return callFunction(
    `${functionsUrl}/checkout`,
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hostId: choice.hostId, plan: choice.plan }) },
    checkoutCreatedSchema,
    authorizedFetch,
  )
}

/** The signed-in member's purchase: its payment status and paid sessions. */
export function fetchPurchase(purchaseId: string, signal?: AbortSignal): Promise<PurchaseView> {
  return callFunction(`${functionsUrl}/checkout?${new URLSearchParams({ purchase: purchaseId })}`, { signal }, purchaseViewSchema, authorizedFetch)
}
