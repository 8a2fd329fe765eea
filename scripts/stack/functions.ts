// Every edge function's wiring, for the local functions server only: deployed, each function's
// own index.ts imports just its own wire.ts, so no function bundles another.
import { wire as calcomWebhookHandler } from '../../supabase/functions/calcom-webhook-handler/wire.ts'
import { wire as dailyCreateRoom } from '../../supabase/functions/daily-create-room/wire.ts'
import { wire as hosts } from '../../supabase/functions/hosts/wire.ts'
import { wire as session } from '../../supabase/functions/session/wire.ts'
import { wire as worker } from '../../supabase/functions/worker/wire.ts'
import type { Handler } from '../../supabase/functions/_shared/http/respond.ts'
import type { Runtime } from '../../supabase/functions/_shared/runtime/runtime.ts'

export const FUNCTION_WIRES: Record<string, (rt: Runtime) => Handler> = {
  'calcom-webhook-handler': calcomWebhookHandler,
  'daily-create-room': dailyCreateRoom,
  hosts,
  session,
  worker,
}
