import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
import type { Directory } from '../../supabase/functions/_shared/store/directory.ts'
import type { OperationsStore } from '../../supabase/functions/_shared/store/operationsStore.ts'
import { createTestWebhook, type TestPipeline } from '../support/pipeline.ts'

/** A Cal.com BOOKING_CREATED envelope two days ahead, as Cal.com sends it. */
export function bookingCreated(uid: string): Record<string, unknown> {
  const start = new Date(Date.now() + 2 * 86_400_000)
  return {
    triggerEvent: 'BOOKING_CREATED',
    createdAt: new Date().toISOString(),
    payload: {
      uid,
      title: 'Presence session',
      startTime: start.toISOString(),
      endTime: new Date(start.getTime() + 30 * 60_000).toISOString(),
      organizer: { name: 'Hana Host', email: 'hana@example.com', timeZone: 'Australia/Sydney' },
      attendees: [{ name: 'Max Member', email: 'max@example.com', timeZone: 'Australia/Sydney' }],
    },
  }
}

export function bookingRescheduled(uid: string, previousUid: string): Record<string, unknown> {
  const created = bookingCreated(uid)
  return { ...created, triggerEvent: 'BOOKING_RESCHEDULED', payload: { ...(created.payload as object), rescheduleUid: previousUid } }
}

function airtableRefusal(retryable: boolean): ProviderError {
  return retryable
    ? new ProviderError('airtable', 'HTTP 503 service unavailable', true, 503)
    : new ProviderError('airtable', 'INVALID_PERMISSIONS: this token cannot write to the base', false, 403)
}

/** An operations store that refuses every write, as Airtable does with a token lacking write access (or in an outage). */
export function refusingStore(store: OperationsStore, retryable = false): OperationsStore {
  return {
    ...store,
    save: async () => {
      throw airtableRefusal(retryable)
    },
  }
}

/** A directory whose host lookup fails, so the Cal.com processor cannot apply a delivery. */
export function refusingDirectory(directory: Directory, retryable = false): Directory {
  return {
    ...directory,
    findHostByEmail: async () => {
      throw airtableRefusal(retryable)
    },
  }
}

/**
 * Delivers a payload through the real webhook handler, then lets the pipeline's worker do
 * everything it queued, as the deployed worker would after the acknowledgement.
 */
export async function deliver(pipeline: TestPipeline, body: unknown): Promise<{ status: number; deliveryId: number }> {
  const webhook = createTestWebhook(pipeline)
  const response = await webhook.send(body)
  await webhook.settle()
  const answer = (await response.json()) as { deliveryId: number }
  return { status: response.status, deliveryId: answer.deliveryId }
}
