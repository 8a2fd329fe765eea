import type { PGlite } from '@electric-sql/pglite'

/**
 * Serializes several wire-protocol clients onto PGlite's single session.
 *
 * pglite-socket's own queue runs each protocol message on its own, so two clients' extended
 * query messages interleave (client A's Bind runs against client B's unnamed portal: "portal
 * does not exist", or worse, the wrong rows). This queue keeps a client's messages together up
 * to the point where the client waits for an answer (Sync, Flush, a simple Query, startup or
 * Terminate) and runs them as one unit. While a unit leaves a transaction open, or ends in a
 * Flush mid-exchange, only that client's units run, so neither is ever shared.
 */
const SIMPLE_QUERY = 0x51
const SYNC = 0x53
const FLUSH = 0x48
const TERMINATE = 0x58
const PROTOCOL_VERSION_3 = 196608

interface Unit {
  handlerId: number
  messages: Uint8Array[]
  onData: (data: Uint8Array) => void
  resolve: (bytes: number) => void
  reject: (error: unknown) => void
}

export class ProtocolUnitQueue {
  private readonly pending = new Map<number, Uint8Array[]>()
  private queue: Unit[] = []
  private transactionOwner: number | null = null
  private running = false

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const buffered = this.pending.get(handlerId) ?? []
    buffered.push(message)
    if (!endsUnit(message)) {
      this.pending.set(handlerId, buffered)
      return Promise.resolve(0)
    }
    this.pending.delete(handlerId)
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, messages: buffered, onData, resolve, reject })
      void this.pump()
    })
  }

  getQueueLength(): number {
    return this.queue.length
  }

  clearQueueForHandler(handlerId: number): void {
    this.pending.delete(handlerId)
    this.queue = this.queue.filter((unit) => {
      if (unit.handlerId !== handlerId) return true
      unit.reject(new Error('Client disconnected'))
      return false
    })
  }

  /** A client that disconnects mid-transaction must not leave everyone else waiting. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.transactionOwner !== handlerId) return
    await this.db.exec('ROLLBACK')
    this.transactionOwner = null
    void this.pump()
  }

  private async pump(): Promise<void> {
    if (this.running) return
    this.running = true
    try {
      for (;;) {
        const index = this.transactionOwner === null ? 0 : this.queue.findIndex((unit) => unit.handlerId === this.transactionOwner)
        if (this.queue.length === 0 || index < 0) break
        const [unit] = this.queue.splice(index, 1)
        if (!unit) break
        let bytes = 0
        try {
          await this.db.runExclusive(async () => {
            for (const message of unit.messages) {
              await this.db.execProtocolRawStream(message, {
                onRawData: (data) => {
                  bytes += data.length
                  unit.onData(data)
                },
              })
            }
          })
          unit.resolve(bytes)
        } catch (error) {
          unit.reject(error)
        }
        // After a Flush the client reads the answer and goes on with the same unnamed statement.
        const midExchange = unit.messages.at(-1)?.[0] === FLUSH
        this.transactionOwner = midExchange || this.db.isInTransaction() ? unit.handlerId : null
      }
    } finally {
      this.running = false
    }
  }
}

function endsUnit(message: Uint8Array): boolean {
  const type = message[0]
  if (type === SYNC || type === FLUSH || type === SIMPLE_QUERY || type === TERMINATE) return true
  // The startup packet has no type byte: a length, then the protocol version.
  return message.length >= 8 && new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(4) === PROTOCOL_VERSION_3
}
