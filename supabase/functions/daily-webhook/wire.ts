import { inboxOf } from '../_shared/runtime/build/sessions.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createDailyWebhookHandler } from './handler.ts'

export function wire(rt: Runtime) {
  return createDailyWebhookHandler({ secret: rt.config.daily?.webhookSecret, inbox: inboxOf(rt), wake: rt.wake, log: rt.log })
}
