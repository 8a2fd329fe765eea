import { AirtableError, isRecordMissing } from './client.ts'

/**
 * Airtable's answers that mean "nothing here you may see": no such record, or 403
 * INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND, which Airtable gives without saying whether the
 * permission or the model is missing. Neither gets better by asking again.
 */
export function isUnseenRecord(error: unknown): boolean {
  if (isRecordMissing(error)) return true
  return error instanceof AirtableError && error.providerStatus === 403 && error.type === 'INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND'
}
