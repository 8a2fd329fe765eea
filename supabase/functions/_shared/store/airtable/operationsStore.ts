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
    keyOf: ({ record }) => record.sessionId,
    maxBatch: MAX_BATCH,
    ready: () => client.reserveSlot(),
    write: async (batch) => {
      await client.upsertRecords(TABLE, batch.map(({ fields }) => ({ fields })), [F.sessionId])
    },
    // A 422 is about the data in one record; a 401/403/404 would fail every record alike.
    isolate: (error) => error instanceof ProviderError && !error.retryable && error.providerStatus === 422,
    lingerMs: BATCH_LINGER_MS,
  })

  /** The record whose `field` is exactly `value`: the formula narrows the search, the comparison here decides. */
  async function findOne(field: string, value: string) {
    if (value === '') return null
    const found = await client.listRecords(TABLE, { filterByFormula: fieldEquals(field, value) })
    const match = found.find((row) => row.fields[field] === value)
    return match ? fromAirtableRecord(match) : null
  }

  return {
    kind: 'airtable',

    get: (sessionId) => findOne(F.sessionId, sessionId),

    findByBookingId: (bookingId) => findOne(F.bookingId, bookingId),

    async save(records) {
      // Converted up front so a malformed record fails its own caller, not a shared batch.
      const pending = records.map((record) => ({ record, fields: toAirtableFields(record) }))
      await queue.enqueue(pending)
    },

    async remove(sessionIds) {
      if (sessionIds.length === 0) return
      const found = await client.listRecords(TABLE, { filterByFormula: or(...sessionIds.map((id) => fieldEquals(F.sessionId, id))), fields: [F.sessionId] })
      const ids = found.filter((row) => sessionIds.includes(row.fields[F.sessionId] as string)).map((row) => row.id)
      for (let index = 0; index < ids.length; index += MAX_BATCH) {
        await client.deleteRecords(TABLE, ids.slice(index, index + MAX_BATCH)).catch((error: unknown) => {
          // Already gone (an operator deleted it): nothing left to remove.
          if (!isRecordMissing(error)) throw error
        })
      }
    },

    async listStartingBetween(from, to) {
      const found = await client.listRecords(TABLE, { filterByFormula: dateTimeInRange(F.sessionStart, from, to) })
      return found.map(fromAirtableRecord)
    },
  }
}

