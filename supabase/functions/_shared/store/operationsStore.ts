import type { OperationRecord } from '../../../../shared/operations/record.ts'

/**
 * Where Presence Operations records live: Airtable (the operators' base) or Postgres (the
 * embedded default). Both adapters pass `test/contract/operationsStore.contract.ts`.
 */
export interface OperationsStore {
  readonly kind: 'airtable' | 'postgres'
  /** The record whose `Cal.com Booking ID` is exactly `bookingId`, or null. */
  get(bookingId: string): Promise<OperationRecord | null>
  /**
   * Upserts keyed by `bookingId`. When no record has that id but one has an id listed in the
   * record's `previousBookingIds` (a reschedule), that record is updated in place, so a
   * session never splits into two records; a record left under one of those previous ids (two
   * sessions merged) is removed. Resolves when every record is written.
   */
  save(records: OperationRecord[]): Promise<void>
  /** Every record whose session starts in [from, to), across all pages. */
  listStartingBetween(from: Date, to: Date): Promise<OperationRecord[]>
}
