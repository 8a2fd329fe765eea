import type { Queryable, Sql } from '../db/connect.ts'
import { describeError, UnprocessableError } from '../errors.ts'
import { decideRetry, defaultPolicy, type RetryPolicy } from '../retry/retryPolicy.ts'
import type { ProcessorOutcome } from './processor.ts'

/** Every provider that sends us webhooks; the table's check constraint names the same four. */
export const PROVIDERS = ['calcom', 'stripe', 'daily', 'twilio'] as const
export type Provider = (typeof PROVIDERS)[number]
export const DELIVERY_STATUSES = ['pending', 'processed', 'ignored', 'failed'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export interface Delivery {
  id: number
  provider: Provider
  eventId: string | null
  eventType: string | null
  rawBody: string
  receivedAt: Date
  status: DeliveryStatus
  bookingId: string | null
  sessionId: string | null
  attempts: number
  lastError: string | null
  nextAttemptAt: Date | null
  processedAt: Date | null
  duplicates: number
}

export interface NewDelivery {
  provider: Provider
  /** The provider's own event id (Stripe `evt_…`, Daily `id`); Cal.com sends none. */
  eventId: string | null
  eventType: string | null
  /** What makes two deliveries the same: the event id where there is one, else the body's hash. */
  dedupeKey: string
  bodySha256: string
  rawBody: string
  signature: string | null
  /** Which check the signature passed; deliveries that fail it are never recorded. */
  signatureStatus: 'verified'
  /** `pending` to be processed; `ignored`/`failed` are final on arrival (unknown type, bad data). */
  status: DeliveryStatus
  bookingId: string | null
  lastError: string | null
}

export interface RecordedDelivery {
  id: number
  duplicate: boolean
  status: DeliveryStatus
}

/** A delivery the database refused to store (its data, not the connection): refused alone, 422. */
export class UnstorableDeliveryError extends UnprocessableError {
  constructor(reason: string) {
    super(`The delivery cannot be stored: ${reason}`, 'unstorable_delivery')
  }
}

/** Cal.com never retries, so we do: 5 s, 10 s, 20 s, … up to 10 minutes apart, 8 attempts, then an operator. */
const INBOX_RETRY: RetryPolicy = defaultPolicy({ maxAttempts: 8, baseMs: 5_000, maxMs: 600_000 })

const columns = (sql: Queryable) => sql`
  id::int as id, provider, event_id as "eventId", event_type as "eventType", raw_body as "rawBody", received_at as "receivedAt",
  status, booking_id as "bookingId", session_id::text as "sessionId", attempts, last_error as "lastError",
  next_attempt_at as "nextAttemptAt", processed_at as "processedAt", duplicates`

/** Postgres classes for "this value cannot be stored" (22: data exception), as opposed to a lost connection. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && code.startsWith('22')
}

interface Waiting {
  delivery: NewDelivery
  resolve: (recorded: RecordedDelivery) => void
  reject: (error: unknown) => void
}

/**
 * Group commit: while one insert is in flight, deliveries arriving meanwhile are gathered and
 * written by the next insert as one statement, which keeps acknowledgements fast on the
 * single-session embedded database. A grouped insert that fails is retried row by row, so one
 * delivery's data can never fail another's.
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

  async function insert(rows: NewDelivery[], extra: number[]) {
    return sql<{ id: number; provider: string; key: string; inserted: boolean; status: DeliveryStatus }[]>`
      insert into webhook_deliveries (provider, event_id, event_type, dedupe_key, body_sha256, raw_body, signature, signature_status,
        status, booking_id, last_error, processed_at, duplicates)
      select provider, event_id, event_type, dedupe_key, sha, raw_body, signature, signature_status, status, booking_id, last_error,
        case when status = 'pending' then null else now() end, extra
      from unnest(
        ${rows.map((r) => r.provider)}::text[], ${rows.map((r) => r.eventId)}::text[], ${rows.map((r) => r.eventType)}::text[],
        ${rows.map((r) => r.dedupeKey)}::text[], ${rows.map((r) => r.bodySha256)}::text[], ${rows.map((r) => r.rawBody)}::text[],
        ${rows.map((r) => r.signature)}::text[], ${rows.map((r) => r.signatureStatus)}::text[], ${rows.map((r) => r.status)}::text[],
        ${rows.map((r) => r.bookingId)}::text[], ${rows.map((r) => r.lastError)}::text[], ${extra}::int[]
      ) as t (provider, event_id, event_type, dedupe_key, sha, raw_body, signature, signature_status, status, booking_id, last_error, extra)
      on conflict (provider, dedupe_key) do update set duplicates = webhook_deliveries.duplicates + 1 + excluded.duplicates
      returning id::int as id, provider, dedupe_key as key, (xmax = 0) as inserted, status`
  }

  async function writeGroups(groups: Map<string, Waiting[]>): Promise<void> {
    const rows = [...groups.values()].map((group) => group[0]!.delivery)
    const extra = [...groups.values()].map((group) => group.length - 1)
    const inserted = await insert(rows, extra)
    const byKey = new Map(inserted.map((row) => [`${row.provider}:${row.key}`, row]))
    for (const [key, group] of groups) {
      const row = byKey.get(key)
      if (!row) throw new Error(`inbox insert returned no row for ${key}`)
      group.forEach((entry, index) => entry.resolve({ id: row.id, duplicate: !row.inserted || index > 0, status: row.status }))
    }
  }

  async function writeBatch(batch: Waiting[]): Promise<void> {
    // One row per dedupe key; copies within the batch count as duplicates of it.
    const groups = new Map<string, Waiting[]>()
    for (const entry of batch) {
      const key = `${entry.delivery.provider}:${entry.delivery.dedupeKey}`
      groups.set(key, [...(groups.get(key) ?? []), entry])
    }
    try {
      await writeGroups(groups)
      return
    } catch (error) {
      if (groups.size === 1) return rejectAll(batch, error)
    }
    for (const [key, group] of groups) {
      try {
        await writeGroups(new Map([[key, group]]))
      } catch (error) {
        rejectAll(group, error)
      }
    }
  }

  function rejectAll(entries: Waiting[], error: unknown): void {
    const refused = isDataError(error) ? new UnstorableDeliveryError((error as Error).message) : error
    for (const entry of entries) entry.reject(refused)
  }

  return (delivery) =>
    new Promise<RecordedDelivery>((resolve, reject) => {
      waiting.push({ delivery, resolve, reject })
      void writeAll()
    })
}

/**
 * The inbox: every provider's webhook deliveries, raw, recorded before anything acts on them.
 * Processors claim due deliveries with a lease (so a worker that dies frees them) and return
 * an outcome; `recordOutcome` is the only writer of a delivery's status after it arrives.
 */
export function createInbox(sql: Sql) {
  return {
    /** Records a delivery once; the same dedupe key again is counted as a duplicate of the first. */
    record: createGroupRecorder(sql),

    async get(id: number): Promise<Delivery | null> {
      const [row] = await sql<Delivery[]>`select ${columns(sql)} from webhook_deliveries where id = ${id}`
      return row ?? null
    },

    async list(filter: { status?: DeliveryStatus; provider?: Provider; limit?: number } = {}): Promise<Delivery[]> {
      return sql<Delivery[]>`
        select ${columns(sql)} from webhook_deliveries
        where (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
          and (${filter.provider ?? null}::text is null or provider = ${filter.provider ?? null})
        order by id desc limit ${filter.limit ?? 50}`
    },

    async idsWithStatus(status: DeliveryStatus, provider?: Provider): Promise<number[]> {
      const rows = await sql<{ id: number }[]>`
        select id::int as id from webhook_deliveries
        where status = ${status} and (${provider ?? null}::text is null or provider = ${provider ?? null}) order by id`
      return rows.map((row) => row.id)
    },

    /** Due pending deliveries, oldest first, leased to `owner` for `leaseMs`. */
    async claimDue(owner: string, limit: number, leaseMs: number, only?: number): Promise<Delivery[]> {
      return sql<Delivery[]>`
        update webhook_deliveries set lease_owner = ${owner}, lease_until = now() + make_interval(secs => ${leaseMs / 1000})
        where id in (
          select id from webhook_deliveries
          where status = 'pending' and (next_attempt_at is null or next_attempt_at <= now())
            and (lease_until is null or lease_until < now()) and (${only ?? null}::bigint is null or id = ${only ?? null})
          order by id limit ${limit} for update skip locked)
        returning ${columns(sql)}`
    },

    /** Keeps leases alive while their work runs, so only a worker that died loses them. */
    async extendLeases(owner: string, ids: number[], leaseMs: number): Promise<void> {
      if (ids.length === 0) return
      await sql`
        update webhook_deliveries set lease_until = now() + make_interval(secs => ${leaseMs / 1000})
        where lease_owner = ${owner} and id = any(${ids}::bigint[])`
    },

    /** Writes what the processor said; a retryable failure comes back after the policy's wait, until attempts run out. */
    async recordOutcome(delivery: Delivery, owner: string, outcome: ProcessorOutcome, policy: RetryPolicy = INBOX_RETRY): Promise<DeliveryStatus> {
      if (outcome.outcome === 'processed' || outcome.outcome === 'ignored') {
        const status = outcome.outcome
        await sql`
          update webhook_deliveries set status = ${status}, processed_at = now(), next_attempt_at = null, lease_owner = null,
            lease_until = null, last_error = ${outcome.outcome === 'ignored' ? outcome.reason : null}
          where id = ${delivery.id} and lease_owner = ${owner}`
        return status
      }
      const decision = decideRetry(policy, outcome.error, delivery.attempts + 1)
      const status: DeliveryStatus = decision.retry ? 'pending' : 'failed'
      const delaySeconds = decision.retry ? decision.delayMs / 1000 : 0
      await sql`
        update webhook_deliveries set attempts = attempts + 1, last_error = ${describeError(outcome.error)}, status = ${status},
          next_attempt_at = case when ${decision.retry} then now() + make_interval(secs => ${delaySeconds}) end,
          lease_owner = null, lease_until = null
        where id = ${delivery.id} and lease_owner = ${owner}`
      return status
    },

    /**
     * Puts deliveries back in line with a fresh set of attempts: an operator's retry (of a failed
     * delivery, or of an ignored one whose provider has a processor now), or a resend.
     */
    async requeue(ids: number[]): Promise<void> {
      await sql`
        update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = null
        where id = any(${ids}::bigint[]) and status in ('failed', 'pending', 'ignored')`
    },
  }
}

export type Inbox = ReturnType<typeof createInbox>
