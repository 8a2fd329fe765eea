import { createCalcomProcessor } from '../calcom-webhook-handler/processor.ts'
import type { ProcessorTable } from '../_shared/inbox/processor.ts'
import { createStripeProcessor } from '../stripe-payment-confirm/processor.ts'
import { createTwilioProcessor } from '../sms-status/processor.ts'
import { dailyProcessorOf } from '../_shared/runtime/build/attendance.ts'
import { smsMessagesOf } from '../_shared/runtime/build/messages.ts'
import { messageRecordSyncOf } from '../_shared/runtime/build/messageStates.ts'
import { directoryOf } from '../_shared/runtime/build/directory.ts'
import { outboxOf, sessionsOf } from '../_shared/runtime/build/sessions.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'

/**
 * The inbox's processors, one per provider, each owned by its webhook function's folder. A
 * provider missing here has its deliveries kept and marked ignored, never handed to another's.
 */
export function processorsOf(rt: Runtime): ProcessorTable {
  return {
    calcom: createCalcomProcessor({
      sql: rt.sql,
      sessions: sessionsOf(rt),
      directory: directoryOf(rt),
      outbox: outboxOf(rt),
      cancellationCutoffHours: rt.config.cancellationCutoffHours,
    }),
    stripe: createStripeProcessor({ sql: rt.sql, outbox: outboxOf(rt) }),
    twilio: createTwilioProcessor({ messages: smsMessagesOf(rt), recordSync: messageRecordSyncOf(rt) }),
    daily: dailyProcessorOf(rt),
  }
}
