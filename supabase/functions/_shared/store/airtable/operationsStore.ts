import { OPERATION_FIELDS as F, TABLES } from '../../../../../shared/operations/fields.ts'
import type { OperationRecord } from '../../../../../shared/operations/record.ts'
import { ProviderError } from '../../errors.ts'
import type { OperationsStore } from '../operationsStore.ts'
import { type AirtableClient, isRecordMissing } from './client.ts'
import { dateTimeInRange, fieldEquals, or } from './formula.ts'
import { fromAirtableRecord, toAirtableFields } from './operationFields.ts'
import { createSaveQueue } from './saveQueue.ts'

const TABLE = TABLES.operations
/** Airtable writes at most 10 records per request. */
const MAX_BATCH = 10
/** A save waits at most this long for others to share its request. */
const BATCH_LINGER_MS = 100

interface PendingSave {
  record: OperationRecord
  fields: Record<string, unknown>
}

export interface AirtableOperationsStoreOptions {
  /** Share one client per base: its limiter is what keeps all callers within 5 requests/s. */
  client: AirtableClient
}

/** Presence Operations in the operators' Airtable base. */
export function createAirtableOperationsStore({ client }: AirtableOperationsStoreOptions): OperationsStore {
  const queue = createSaveQueue<PendingSave>({
    keyOf: ({ record }) => record.bookingId,
    keysOf: ({ record }) => [record.bookingId, ...record.previousBookingIds],
    maxBatch: MAX_BATCH,
    ready: () => client.reserveSlot(),
    write: writeBatch,
    // A 422 is about the data in one record; a 401/403/404 would fail every record alike.
    isolate: (error) => error instanceof ProviderError && !error.retryable && error.providerStatus === 422,
    lingerMs: BATCH_LINGER_MS,
  })

  async function writeBatch(batch: PendingSave[]): Promise<void> {
    const plan = await planReschedules(batch.map(({ record }) => record))
    await client.upsertRecords(
      TABLE,
      batch.map(({ record, fields }) => {
        const id = plan.renames.get(record.bookingId)
        return id === undefined ? { fields } : { id, fields }
      }),
      [F.bookingId],
    )
    // Only after the session's record is written, so a failure leaves a duplicate, never a loss.
    await removeRecords(plan.leftovers)
  }

  /**
   * A rescheduled booking arrives under a new uid. If no record has the new uid yet, the record
   * still holding the latest old uid is updated by its record id, so the session keeps one
   * record; any other record still under an old uid (two sessions merged) is removed.
   */
  async function planReschedules(records: OperationRecord[]): Promise<{ renames: Map<string, string>; leftovers: string[] }> {
    const renames = new Map<string, string>()
    const leftovers: string[] = []
    const moving = records.filter((record) => record.previousBookingIds.length > 0)
    if (moving.length === 0) return { renames, leftovers }
    const uids = [...new Set(moving.flatMap((record) => [record.bookingId, ...record.previousBookingIds]))]
    const found = await client.listRecords(TABLE, {
      filterByFormula: or(...uids.map((uid) => fieldEquals(F.bookingId, uid))),
      fields: [F.bookingId],
    })
    const rowsOf = (uid: string) => found.filter((row) => row.fields[F.bookingId] === uid).map((row) => row.id)
    for (const record of moving) {
      const current = rowsOf(record.bookingId)[0]
      const previous = [...record.previousBookingIds].reverse().flatMap(rowsOf)
      const target = current ?? previous[0]
      if (current === undefined && target !== undefined) renames.set(record.bookingId, target)
      leftovers.push(...previous.filter((id) => id !== target))
    }
    return { renames, leftovers }
  }

  async function removeRecords(ids: string[]): Promise<void> {
    if (ids.length === 0) return
    await client.deleteRecords(TABLE, ids).catch((error: unknown) => {
      // Already gone (an operator deleted it): the next save of this session retries the rest.
      if (!isRecordMissing(error)) throw error
    })
  }

  return {
    kind: 'airtable',

    async get(bookingId) {
      if (bookingId === '') return null
      const found = await client.listRecords(TABLE, { filterByFormula: fieldEquals(F.bookingId, bookingId) })
      // The formula narrows the search; the exact comparison here is the one we rely on.
      const match = found.find((row) => row.fields[F.bookingId] === bookingId)
      return match ? fromAirtableRecord(match) : null
    },

    async save(records) {
      // Converted up front so a malformed record fails its own caller, not a shared batch.
      const pending = records.map((record) => ({ record, fields: toAirtableFields(record) }))
      await queue.enqueue(pending)
    },

    async listStartingBetween(from, to) {
      const found = await client.listRecords(TABLE, { filterByFormula: dateTimeInRange(F.sessionStart, from, to) })
      return found.map(fromAirtableRecord)
    },
  }
}

