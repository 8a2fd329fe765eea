import type { OperationRecord } from '../../../../shared/operations/record.ts'

/**
 * Where Presence Operations records live: Airtable (the operators' base) or Postgres (the
 * embedded default). Both adapters pass `test/contract/operationsStore.contract.ts`.
 */
export interface OperationsStore {
  readonly kind: 'airtable' | 'postgres'
  /** The record whose `Session ID` is exactly `sessionId`, or null. */
  get(sessionId: string): Promise<OperationRecord | null>
  /** The record whose `Cal.com Booking ID` is exactly `bookingId`, or null. */
  findByBookingId(bookingId: string): Promise<OperationRecord | null>
  /** Upserts keyed by `sessionId`. Resolves when every record is written. */
  save(records: OperationRecord[]): Promise<void>
  /** Removes the records with these session ids (a session merged into another, or moved onto a paid session's record); missing ones are fine. */
  remove(sessionIds: string[]): Promise<void>
  /** Every record whose session starts in [from, to), across all pages. */
  listStartingBetween(from: Date, to: Date): Promise<OperationRecord[]>
}
