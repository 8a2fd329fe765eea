import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { calcomWebhookSecret } from '../../shared/config/loadConfig.ts'
import { createCalcomWebhookHandler } from '../../supabase/functions/calcom-webhook-handler/handler.ts'
import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
import { processCalcomDelivery } from '../../supabase/functions/_shared/pipeline/processCalcomDelivery.ts'
import type { AppContext } from '../../supabase/functions/_shared/runtime/appContext.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import type { OperationsStore } from '../../supabase/functions/_shared/store/operationsStore.ts'

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

/** An operations store that refuses every write, as Airtable does with a token lacking write access. */
export function refusingStore(store: OperationsStore, retryable = false): OperationsStore {
  return {
    ...store,
    save: async () => {
      throw retryable
        ? new ProviderError('airtable', 'HTTP 503 service unavailable', true, 503)
        : new ProviderError('airtable', 'INVALID_PERMISSIONS: this token cannot write to the base', false, 403)
    },
  }
}

/**
 * Delivers payloads through the real webhook handler, wired as functionRegistry wires it, and
 * waits for the work it runs after responding. `store` swaps the operations store to make the
 * processing fail.
 */
export async function deliver(ctx: AppContext, body: unknown, options: { store?: OperationsStore } = {}): Promise<{ status: number; deliveryId: number }> {
  const background: Promise<unknown>[] = []
  const pipeline = { ...ctx.pipeline, store: options.store ?? ctx.pipeline.store }
  const handler = createCalcomWebhookHandler({
    secret: calcomWebhookSecret(ctx.config),
    ledger: ctx.ledger,
    process: (id) => processCalcomDelivery(pipeline, id),
    waitUntil: (work) => background.push(work),
    log: silentLogger,
  })
  const raw = JSON.stringify(body)
  const response = await handler(
    new Request('http://127.0.0.1/functions/v1/calcom-webhook-handler', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cal-signature-256': await signCalcomBody(calcomWebhookSecret(ctx.config), raw) },
      body: raw,
    }),
  )
  await Promise.all(background)
  const answer = (await response.json()) as { deliveryId: number }
  return { status: response.status, deliveryId: answer.deliveryId }
}
