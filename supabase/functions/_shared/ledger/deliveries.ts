import type { Sql } from '../db/connect.ts'

export type Provider = 'calcom' | 'stripe' | 'daily' | 'twilio'
export type DeliveryStatus = 'pending' | 'processed' | 'ignored' | 'failed'

export interface Delivery {
  id: number
  provider: Provider
  eventType: string | null
  rawBody: string
  receivedAt: Date
  status: DeliveryStatus
  bookingUid: string | null
  sessionId: string | null
  appliedVersion: number | null
  attempts: number
  lastError: string | null
  nextAttemptAt: Date | null
  processedAt: Date | null
  duplicates: number
}

export interface NewDelivery {
  provider: Provider
  eventType: string | null
  bodySha256: string
  rawBody: string
  signature: string | null
  status: DeliveryStatus
  bookingUid: string | null
  lastError: string | null
}

/** After this many failed attempts a delivery is `failed` and waits for an operator. */
export const MAX_ATTEMPTS = 8

const columns = (sql: Sql) => sql`
  id::int as id, provider, event_type as "eventType", raw_body as "rawBody", received_at as "receivedAt", status,
  booking_uid as "bookingUid", session_id as "sessionId", applied_version as "appliedVersion", attempts,
  last_error as "lastError", next_attempt_at as "nextAttemptAt", processed_at as "processedAt", duplicates`

export interface RecordedDelivery {
  id: number
  duplicate: boolean
  status: DeliveryStatus
}

interface Waiting {
  delivery: NewDelivery
  resolve: (recorded: RecordedDelivery) => void
  reject: (error: unknown) => void
}

/**
 * Group commit for the ledger: while one insert is in flight, deliveries arriving meanwhile are
 * gathered and written by the next insert as one statement. An idle system writes each at
 * once; a burst of webhooks costs a handful of statements instead of one each, which keeps the
 * acknowledgement fast on the single-session embedded database.
 */
function createGroupRecorder(sql: Sql, maxBatch = 500): (delivery: NewDelivery) => Promise<RecordedDelivery> {
  const waiting: Waiting[] = []
  let writing = false

  async function writeAll(): Promise<void> {
    if (writing) return
    writing = true
    try {
      while (waiting.length > 0) await writeBatch(waiting.splice(0, maxBatch))
    } finally {
      writing = false
    }
  }

  async function writeBatch(batch: Waiting[]): Promise<void> {
    // One row per distinct body; copies within the batch count as duplicates of it.
    const groups = new Map<string, Waiting[]>()
    for (const entry of batch) {
      const key = `${entry.delivery.provider}:${entry.delivery.bodySha256}`
      groups.set(key, [...(groups.get(key) ?? []), entry])
    }
    const rows = [...groups.values()].map((group) => group[0]!.delivery)
    const extra = [...groups.values()].map((group) => group.length - 1)
    try {
      const inserted = await sql<{ id: number; provider: string; sha: string; inserted: boolean; status: DeliveryStatus }[]>`
        insert into webhook_deliveries (provider, event_type, body_sha256, raw_body, signature, status, booking_uid, last_error,
          processed_at, duplicates)
        select provider, event_type, sha, raw_body, signature, status, booking_uid, last_error,
          case when status = 'pending' then null else now() end, extra
        from unnest(
          ${rows.map((r) => r.provider)}::text[], ${rows.map((r) => r.eventType)}::text[], ${rows.map((r) => r.bodySha256)}::text[],
          ${rows.map((r) => r.rawBody)}::text[], ${rows.map((r) => r.signature)}::text[], ${rows.map((r) => r.status)}::text[],
          ${rows.map((r) => r.bookingUid)}::text[], ${rows.map((r) => r.lastError)}::text[], ${extra}::int[]
        ) as t (provider, event_type, sha, raw_body, signature, status, booking_uid, last_error, extra)
        on conflict (provider, body_sha256) do update set duplicates = webhook_deliveries.duplicates + 1 + excluded.duplicates
        returning id::int as id, provider, body_sha256 as sha, (xmax = 0) as inserted, status`
      const byKey = new Map(inserted.map((row) => [`${row.provider}:${row.sha}`, row]))
      for (const [key, group] of groups) {
        const row = byKey.get(key)
        if (!row) throw new Error(`ledger insert returned no row for ${key}`)
        group.forEach((entry, index) => entry.resolve({ id: row.id, duplicate: !row.inserted || index > 0, status: row.status }))
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error)
    }
  }

  return (delivery) =>
    new Promise<RecordedDelivery>((resolve, reject) => {
      waiting.push({ delivery, resolve, reject })
      void writeAll()
    })
}

/** The webhook ledger: every delivery, raw, recorded before anything acts on it. */
export function createDeliveryLedger(sql: Sql) {
  return {
    /**
     * Records a delivery once. The same body again (a provider or operator resend) is counted
     * as a duplicate of the first and not recorded twice.
     */
    record: createGroupRecorder(sql),

    async get(id: number): Promise<Delivery | null> {
      const [row] = await sql<Delivery[]>`select ${columns(sql)} from webhook_deliveries where id = ${id}`
      return row ?? null
    },

    async list(filter: { status?: DeliveryStatus; limit?: number } = {}): Promise<Delivery[]> {
      const limit = filter.limit ?? 50
      return sql<Delivery[]>`
        select ${columns(sql)} from webhook_deliveries
        ${filter.status ? sql`where status = ${filter.status}` : sql``}
        order by id desc limit ${limit}`
    },

    async idsWithStatus(status: DeliveryStatus): Promise<number[]> {
      const rows = await sql<{ id: number }[]>`select id::int as id from webhook_deliveries where status = ${status} order by id`
      return rows.map((row) => row.id)
    },

    /** Pending deliveries whose retry time has come, oldest first; skips ones just received. */
    async dueForRetry(options: { receivedBefore: Date; limit: number }): Promise<number[]> {
      const rows = await sql<{ id: number }[]>`
        select id::int as id from webhook_deliveries
        where status = 'pending' and received_at < ${options.receivedBefore}
          and (next_attempt_at is null or next_attempt_at <= now())
        order by id limit ${options.limit}`
      return rows.map((row) => row.id)
    },

    async markProcessed(id: number): Promise<void> {
      await sql`
        update webhook_deliveries set status = 'processed', processed_at = now(), last_error = null, next_attempt_at = null
        where id = ${id} and status = 'pending'`
    },

    /** Every pending delivery of a session whose changes are now visible to operators. */
    async markSessionProcessed(sessionId: string, syncedVersion: number): Promise<void> {
      await sql`
        update webhook_deliveries set status = 'processed', processed_at = now(), last_error = null, next_attempt_at = null
        where session_id = ${sessionId} and status = 'pending' and applied_version <= ${syncedVersion}`
    },

    /** Counts an attempt; retryable errors come back later, the rest (or the last try) fail. */
    async markAttemptFailed(ids: number[], error: string, retryable: boolean): Promise<void> {
      if (ids.length === 0) return
      await sql`
        update webhook_deliveries set
          attempts = attempts + 1,
          last_error = ${error},
          status = case when ${retryable} and attempts + 1 < ${MAX_ATTEMPTS} then 'pending' else 'failed' end,
          -- 5 s, 10 s, 20 s, … capped at 10 minutes.
          next_attempt_at = now() + make_interval(secs => least(5 * power(2, attempts), 600))
        where id = any(${ids}::bigint[]) and status = 'pending'`
    },

    async pendingIdsForSession(sessionId: string): Promise<number[]> {
      const rows = await sql<{ id: number }[]>`
        select id::int as id from webhook_deliveries where session_id = ${sessionId} and status = 'pending'`
      return rows.map((row) => row.id)
    },

    /** Puts failed deliveries back in line with a fresh set of attempts (operator retry). */
    async requeue(ids: number[]): Promise<void> {
      await sql`
        update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = null
        where id = any(${ids}::bigint[]) and status in ('failed', 'pending')`
    },
  }
}

export type DeliveryLedger = ReturnType<typeof createDeliveryLedger>
