import { smsStatusUrl } from '../_shared/messages/twilio/twilioEvents.ts'
import { inboxOf } from '../_shared/runtime/build/sessions.ts'
import type { Runtime } from '../_shared/runtime/runtime.ts'
import { createSmsStatusHandler } from './handler.ts'

export function wire(rt: Runtime) {
  return createSmsStatusHandler({ authToken: rt.config.twilio?.authToken, publicUrl: smsStatusUrl(rt.config), inbox: inboxOf(rt), wake: rt.wake, log: rt.log })
}
