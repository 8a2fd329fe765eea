import { OPERATION_FIELDS as F, TABLES } from '../../../../../shared/operations/fields.ts'
import type { OperationRecord } from '../../../../../shared/operations/record.ts'
import { ProviderError } from '../../errors.ts'
import type { OperationsStore } from '../operationsStore.ts'
import type { AirtableClient } from './client.ts'
import { dateTimeInRange, fieldEquals, or } from './formula.ts'
import { fromAirtableRecord, toAirtableFields } from './operationFields.ts'
import { createSaveQueue } from './saveQueue.ts'

const TABLE = TABLES.operations
/** Airtable writes at most 10 records per request. */
const MAX_BATCH = 10

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
    ready: () => client.whenAvailable(),
    write: writeBatch,
    isolate: (error) => error instanceof ProviderError && !error.retryable,
  })

  async function writeBatch(batch: PendingSave[]): Promise<void> {
    const renames = await findRenames(batch.map(({ record }) => record))
    await client.upsertRecords(
      TABLE,
      batch.map(({ record, fields }) => {
        const id = renames.get(record.bookingId)
        return id === undefined ? { fields } : { id, fields }
      }),
      [F.bookingId],
    )
  }

  /**
   * A rescheduled booking arrives under a new uid. If no record has the new uid yet, the record
   * still holding an old uid is updated by its record id, so the session keeps one record.
   */
  async function findRenames(records: OperationRecord[]): Promise<Map<string, string>> {
    const renames = new Map<string, string>()
    const moving = records.filter((record) => record.previousBookingIds.length > 0)
    if (moving.length === 0) return renames
    const uids = [...new Set(moving.flatMap((record) => [record.bookingId, ...record.previousBookingIds]))]
    const found = await client.listRecords(TABLE, {
      filterByFormula: or(...uids.map((uid) => fieldEquals(F.bookingId, uid))),
      fields: [F.bookingId],
    })
    const recordIdByUid = new Map<string, string>()
    for (const row of found) {
      const uid = row.fields[F.bookingId]
      if (typeof uid === 'string' && !recordIdByUid.has(uid)) recordIdByUid.set(uid, row.id)
    }
    for (const record of moving) {
      if (recordIdByUid.has(record.bookingId)) continue
      // The latest previous uid is the likeliest to still be on the record.
      const previous = [...record.previousBookingIds].reverse().find((uid) => recordIdByUid.has(uid))
      if (previous !== undefined) renames.set(record.bookingId, recordIdByUid.get(previous) as string)
    }
    return renames
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
