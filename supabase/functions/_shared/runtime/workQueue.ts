/**
 * Runs at most `concurrency` tasks at once, first come first served. Background pipeline work
 * goes through one, so a burst of webhooks cannot flood the database ahead of the next
 * acknowledgement, while enough work stays in flight to fill Airtable's 10-record batches.
 *
 * Acknowledgements come first: while any request `hold`s the queue, no new task starts (for at
 * most `maxHoldMs`, so a steady stream of requests cannot starve the work). The work is safe in
 * the ledger meanwhile; answering fast is what Cal.com needs from us.
 */
export function createWorkQueue(concurrency: number, options: { maxHoldMs?: number } = {}) {
  const maxHoldMs = options.maxHoldMs ?? 1_000
  let active = 0
  let holds = 0
  let heldSince = 0
  const waiting: (() => void)[] = []
  let timer: ReturnType<typeof setTimeout> | undefined

  function startNext(): void {
    const held = holds > 0 && Date.now() - heldSince < maxHoldMs
    if (held && !timer) timer = setTimeout(() => ((timer = undefined), startNext()), maxHoldMs - (Date.now() - heldSince))
    while (!(holds > 0 && Date.now() - heldSince < maxHoldMs) && active < concurrency && waiting.length > 0) {
      active++
      waiting.shift()!()
    }
  }

  async function run<T>(task: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      waiting.push(resolve)
      startNext()
    })
    try {
      return await task()
    } finally {
      active--
      startNext()
    }
  }

  /** Marks a request in progress; call the returned function when it is answered. */
  function hold(): () => void {
    if (holds++ === 0) heldSince = Date.now()
    let released = false
    return () => {
      if (released) return
      released = true
      holds--
      startNext()
    }
  }

  return { run, hold, pending: () => waiting.length + active }
}

export type WorkQueue = ReturnType<typeof createWorkQueue>
