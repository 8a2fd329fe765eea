import { useEffect, useRef, useState } from 'react'
import type { PurchaseView } from '../../../shared/api/checkout.ts'
import { FunctionCallError } from '../api/callFunction.ts'
import { fetchPurchase } from '../plans/checkoutApi.ts'

export type PurchaseState =
  /** `failing`: the last attempts got no answer (or a busy one) and it is still asking. */
  | { status: 'loading'; failing: boolean }
  /** `waitingSince`: when this page began waiting for the change it polls for. */
  | { status: 'ready'; purchase: PurchaseView; polling: boolean; failing: boolean; waitingSince: number }
  | { status: 'error'; error: FunctionCallError }

export const POLL_INTERVAL_MS = 1500
/** Consecutive failed polls before the page says the connection is struggling. */
const FAILURES_BEFORE_NOTICE = 2

/**
 * GETs the purchase, and again every `POLL_INTERVAL_MS` while `keepPolling(purchase, waitingSince)`
 * holds (a payment or a booking the webhooks have not confirmed yet). A network hiccup or a busy server
 * is asked again; a refusal (not yours, not found) stops with the error.
 */
export function usePurchase(purchaseId: string, keepPolling: (purchase: PurchaseView, waitingSince: number) => boolean): PurchaseState {
  const [state, setState] = useState<PurchaseState>({ status: 'loading', failing: false })
  const keepPollingRef = useRef(keepPolling)
  keepPollingRef.current = keepPolling

  useEffect(() => {
    const controller = new AbortController()
    const waitingSince = Date.now()
    let timer: ReturnType<typeof setTimeout> | undefined
    let failures = 0
    const poll = async () => {
      try {
        const purchase = await fetchPurchase(purchaseId, controller.signal)
        if (controller.signal.aborted) return
        failures = 0
        const polling = keepPollingRef.current(purchase, waitingSince)
        setState({ status: 'ready', purchase, polling, failing: false, waitingSince })
        if (polling) timer = setTimeout(poll, POLL_INTERVAL_MS)
      } catch (error) {
        if (controller.signal.aborted) return
        if (error instanceof FunctionCallError && error.retryable) {
          failures += 1
          if (failures >= FAILURES_BEFORE_NOTICE) setState((current) => (current.status === 'error' ? current : { ...current, failing: true }))
          timer = setTimeout(poll, POLL_INTERVAL_MS * Math.min(failures, 4))
        } else {
          setState({ status: 'error', error: error instanceof FunctionCallError ? error : new FunctionCallError(0, 'unknown', String(error)) })
        }
      }
    }
    void poll()
    return () => {
      controller.abort()
      clearTimeout(timer)
    }
  }, [purchaseId])

  return state
}
