/**
 * Runs at most `concurrency` tasks at once, first come first served. Background pipeline work
 * goes through one, so a burst of webhooks cannot flood the database ahead of the next
 * acknowledgement, while enough work stays in flight to fill Airtable's 10-record batches.
 */
export function createWorkQueue(concurrency: number) {
  let active = 0
  const waiting: (() => void)[] = []

  async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve))
    active++
    try {
      return await task()
    } finally {
      active--
      waiting.shift()?.()
    }
  }

  return { run, pending: () => waiting.length + active }
}

export type WorkQueue = ReturnType<typeof createWorkQueue>
