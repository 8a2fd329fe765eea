/**
 * How the local functions server tells the worker process that work was queued: a POST to its
 * wake port, once a burst of webhooks has been answered (no new one for `quietMs`), and at most
 * `maxDelayMs` after the first. Acknowledgements come first: the worker does not compete with
 * them for the CPU and the single-session database while a burst is arriving, and the work is
 * safe in the inbox meanwhile. A worker that is down costs nothing (it polls anyway).
 */
export function createWorkerWaker(url: string, options: { quietMs?: number; maxDelayMs?: number; fetch?: typeof fetch } = {}): () => void {
  const quietMs = options.quietMs ?? 50
  const maxDelayMs = options.maxDelayMs ?? 1_000
  const fetchImpl = options.fetch ?? fetch
  let timer: ReturnType<typeof setTimeout> | undefined
  let firstAt = 0

  function send(): void {
    timer = undefined
    fetchImpl(url, { method: 'POST' })
      .then((response) => response.body?.cancel())
      .catch(() => {})
  }

  return () => {
    const now = Date.now()
    if (timer === undefined) firstAt = now
    else clearTimeout(timer)
    timer = setTimeout(send, Math.max(0, Math.min(quietMs, firstAt + maxDelayMs - now)))
  }
}
