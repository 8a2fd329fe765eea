/**
 * How the local functions server tells the worker process that work was queued: a POST to its
 * wake port. At most one is in flight; a wake asked for meanwhile is sent when it returns, so a
 * burst of webhooks costs a couple of requests, and a worker that is down costs nothing (it
 * polls anyway).
 */
export function createWorkerWaker(url: string, fetchImpl: typeof fetch = fetch): () => void {
  let inFlight = false
  let again = false
  function send(): void {
    inFlight = true
    again = false
    fetchImpl(url, { method: 'POST' })
      .then((response) => response.body?.cancel())
      .catch(() => {})
      .finally(() => {
        inFlight = false
        if (again) send()
      })
  }
  return () => {
    if (inFlight) again = true
    else send()
  }
}
