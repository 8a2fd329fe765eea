import { calcomWebhookSecret } from '../../../../../shared/config/loadConfig.ts'
import { directoryOf } from '../../runtime/build/directory.ts'
import type { Runtime } from '../../runtime/runtime.ts'
import { createLocalCalendarHandler } from './localCalendar.ts'

/**
 * The local Cal.com pages from the Runtime: bookings post to this stack's calcom-webhook-handler,
 * signed with the secret it checks, and only the SPA may frame them. `readEmbedScript` reads
 * embed-core's embed.js (runtime-specific file access stays with the caller); it is read once.
 */
export function wireLocalCalendar(rt: Runtime, readEmbedScript: () => Promise<string>) {
  let script: Promise<string> | undefined
  return createLocalCalendarHandler({
    sql: rt.sql,
    directory: directoryOf(rt),
    webhook: { url: `${rt.config.functionsUrl}/calcom-webhook-handler`, secret: calcomWebhookSecret(rt.config), fetch: rt.fetch ?? fetch },
    embedScript: () => (script ??= readEmbedScript().catch((error) => {
      script = undefined
      throw error
    })),
    embedders: [rt.config.appUrl],
    log: rt.log,
  })
}
