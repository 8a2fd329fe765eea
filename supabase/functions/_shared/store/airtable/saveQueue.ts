/**
 * Coalesces concurrent saves into batched writes. Callers enqueue items; one pump waits for a
 * request slot, then takes up to `maxBatch` queued items, so under load many single-item
 * saves share one request. A later item with the same key replaces a queued earlier one, and one
 * queued while an item with its key is being written waits for that write, so a record's writes
 * keep their order.
 */
export interface SaveQueueOptions<T> {
  keyOf(item: T): string
  maxBatch: number
  /**
   * Resolves once the queue holds a request slot. The batch is gathered then, not before, so what
   * arrives while the slot is awaited (behind other workers' requests) rides in the same request.
   */
  ready(): Promise<void>
  write(batch: T[]): Promise<void>
  /** True when a failed multi-item batch should be retried item by item, so a bad item fails only its own caller. */
  isolate(error: unknown): boolean
  /**
   * How long a short batch waits to fill before a slot is asked for. Requests are the scarce thing
   * (5 a second), so spending one on a single record while more are arriving wastes capacity;
   * the wait comes before the slot, since a request sent after its slot would crowd the next.
   */
  lingerMs?: number
  sleep?: (ms: number) => Promise<void>
}

export interface SaveQueue<T> {
  /** Resolves when every item (or a later item that replaced it) is written. */
  enqueue(items: T[]): Promise<void>
}

interface Settle {
  resolve: () => void
  reject: (error: unknown) => void
}

interface Entry<T> {
  item: T
  settles: Settle[]
  /** Written alone, after its batch failed as a whole. */
  solo: boolean
}

export function createSaveQueue<T>(options: SaveQueueOptions<T>): SaveQueue<T> {
  const { keyOf, maxBatch, ready, write, isolate, lingerMs = 0 } = options
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const queue: Entry<T>[] = []
  const queuedByKey = new Map<string, Entry<T>>()
  const inFlight = new Map<string, number>()
  let pumping = false

  function enqueue(items: T[]): Promise<void> {
    const written = items.map(
      (item) =>
        new Promise<void>((resolve, reject) => {
          const key = keyOf(item)
          const queued = queuedByKey.get(key)
          if (queued) {
            queued.item = item
            queued.settles.push({ resolve, reject })
            return
          }
          const entry: Entry<T> = { item, settles: [{ resolve, reject }], solo: false }
          queue.push(entry)
          queuedByKey.set(key, entry)
        }),
    )
    void pump()
    return Promise.all(written).then(() => undefined)
  }

  function takeBatch(): Entry<T>[] {
    const blocked = new Set(inFlight.keys())
    const batch: Entry<T>[] = []
    for (const entry of queue) {
      if (batch.length >= maxBatch) break
      const key = keyOf(entry.item)
      const free = !blocked.has(key)
      // Taken or not, a later entry with this key must wait its turn.
      blocked.add(key)
      if (!free || (entry.solo && batch.length > 0)) continue
      batch.push(entry)
      if (entry.solo) break
    }
    for (const entry of batch) {
      queue.splice(queue.indexOf(entry), 1)
      if (queuedByKey.get(keyOf(entry.item)) === entry) queuedByKey.delete(keyOf(entry.item))
    }
    return batch
  }

  async function pump(): Promise<void> {
    if (pumping) return
    pumping = true
    try {
      while (queue.length > 0) {
        if (lingerMs > 0 && queue.length < maxBatch) await sleep(lingerMs)
        await ready()
        const batch = takeBatch()
        // Everything left waits on a batch in flight; its completion restarts the pump.
        if (batch.length === 0) break
        void run(batch)
      }
    } finally {
      pumping = false
    }
  }

  async function run(batch: Entry<T>[]): Promise<void> {
    const keys = batch.map((entry) => keyOf(entry.item))
    for (const key of keys) inFlight.set(key, (inFlight.get(key) ?? 0) + 1)
    try {
      await write(batch.map((entry) => entry.item))
      for (const entry of batch) for (const settle of entry.settles) settle.resolve()
    } catch (error) {
      if (batch.length > 1 && isolate(error)) {
        for (const entry of batch) entry.solo = true
        queue.unshift(...batch)
      } else {
        for (const entry of batch) for (const settle of entry.settles) settle.reject(error)
      }
    } finally {
      for (const key of keys) {
        const count = (inFlight.get(key) ?? 1) - 1
        if (count > 0) inFlight.set(key, count)
        else inFlight.delete(key)
      }
      void pump()
    }
  }

  return { enqueue }
}
