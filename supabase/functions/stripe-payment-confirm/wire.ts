import { stripeWebhookSecret } from '../../../shared/config/loadConfig.ts'
import { inboxOf } from '../_shared/runtime/build/sessions.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createStripeWebhookHandler } from './handler.ts'

export function wire(rt: Runtime) {
  return createStripeWebhookHandler({ secret: stripeWebhookSecret(rt.config), inbox: inboxOf(rt), wake: rt.wake, log: rt.log })
}
