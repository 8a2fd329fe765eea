import { useCallback, useRef, useState } from 'react'
import type { PlanId } from '../../../shared/plans/catalog.ts'
import { FunctionCallError } from '../api/callFunction.ts'
import { createCheckout } from './checkoutApi.ts'

export type CheckoutStart =
  | { status: 'idle' }
  | { status: 'starting' }
  /** The member's sign-in has lapsed or has no profile yet: the sign-in page sorts both out. */
  | { status: 'needsSignIn' }
  | { status: 'failed'; message: string }

function messageFor(error: unknown): string {
  if (error instanceof FunctionCallError && error.status !== 0 && !error.retryable && error.code !== 'unexpected_body') return error.message
  return "We couldn't start the payment. Nothing was charged; please try again."
}

/**
 * Starts Checkout and leaves for Stripe's page. One attempt at a time: a second click while the
 * first is on its way does nothing (a ref, since two clicks can land before React re-renders).
 */
export function useCheckoutStart(leave: (url: string) => void): { state: CheckoutStart; start: (hostId: string, plan: PlanId) => void } {
  const [state, setState] = useState<CheckoutStart>({ status: 'idle' })
  const inFlight = useRef(false)

  const start = useCallback(
    (hostId: string, plan: PlanId) => {
      if (inFlight.current) return
      inFlight.current = true
      setState({ status: 'starting' })
      createCheckout({ hostId, plan }).then(
        // The button stays disabled while the browser goes: the page is leaving.
        ({ url }) => leave(url),
        (error: unknown) => {
          inFlight.current = false
          const signIn = error instanceof FunctionCallError && (error.status === 401 || error.code === 'profile_required')
          setState(signIn ? { status: 'needsSignIn' } : { status: 'failed', message: messageFor(error) })
        },
      )
    },
    [leave],
  )

  return { state, start }
}
