import { createStripeWebhookHandler } from '../../../supabase/functions/stripe-payment-confirm/handler.ts'
import { createStripeProcessor } from '../../../supabase/functions/stripe-payment-confirm/processor.ts'
import { createOutbox } from '../../../supabase/functions/_shared/outbox/outbox.ts'
import { silentLogger } from '../../../supabase/functions/_shared/runtime/logger.ts'
import type { TestDatabase } from '../database.ts'
import { createTestPipeline } from '../pipeline.ts'
import { signedStripeRequest, TEST_STRIPE_WEBHOOK_SECRET } from './stripeEvents.ts'

/** The real pipeline (inbox, outbox, worker) with the Stripe processor, and stripe-payment-confirm in front of it. */
export function createStripeTestPipeline(db: TestDatabase) {
  const outbox = createOutbox(db.sql)
  const pipeline = createTestPipeline(db, { processors: { stripe: createStripeProcessor({ sql: db.sql, outbox }) } })
  let wakes = 0
  const handler = createStripeWebhookHandler({ secret: TEST_STRIPE_WEBHOOK_SECRET, inbox: pipeline.inbox, wake: () => wakes++, log: silentLogger })
  return {
    ...pipeline,
    handler,
    wakes: () => wakes,
    send: async (event: Record<string, unknown>) => handler(await signedStripeRequest(event)),
    settle: () => pipeline.worker.runUntilIdle(),
  }
}
