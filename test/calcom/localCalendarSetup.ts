import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { createLocalCalendarHandler, type LocalCalendarDeps } from '../../supabase/functions/_shared/calcom/local/localCalendar.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createCalcomWebhookHandler } from '../../supabase/functions/calcom-webhook-handler/handler.ts'

export const CALCOM_SECRET = 'local-calendar-test-secret'
export const WEBHOOK_URL = 'http://functions.test/functions/v1/calcom-webhook-handler'

export const JANE = {
  name: 'Jane Rivers',
  email: 'jane@presence.example',
  cal_link: 'jane-rivers/session',
  time_zone: 'Australia/Sydney',
  status: 'Active',
}

/** embed-core's own embed script, as the functions server serves it. */
export function readEmbedCoreScript(): Promise<string> {
  return readFile(createRequire(import.meta.url).resolve('@calcom/embed-core'), 'utf8')
}

export async function insertHost(sql: Sql, host: Record<string, string> = JANE): Promise<string> {
  const [row] = await sql<{ id: string }[]>`insert into hosts ${sql(host)} returning id::text`
  return row!.id
}

/**
 * The stand-in wired to the real calcom-webhook-handler and its inbox on the test database: its
 * webhooks go through `fetch` straight into the handler, which checks the signature as it would
 * over HTTP. `webhookAnswer` lets a test make that delivery fail.
 */
export function localCalendarOn(sql: Sql, options: Partial<LocalCalendarDeps> & { webhookAnswer?: () => Response | Promise<Response> | null } = {}) {
  const webhookHandler = createCalcomWebhookHandler({ secret: CALCOM_SECRET, inbox: createInbox(sql), wake: () => {}, log: silentLogger })
  const delivered: Response[] = []
  const webhookFetch: typeof fetch = async (input, init) => {
    const override = await options.webhookAnswer?.()
    if (override) return override
    const response = await webhookHandler(new Request(input, init))
    delivered.push(response.clone())
    return response
  }
  const handler = createLocalCalendarHandler({
    sql,
    directory: createPostgresDirectory(sql),
    webhook: { url: WEBHOOK_URL, secret: CALCOM_SECRET, fetch: webhookFetch },
    embedScript: readEmbedCoreScript,
    embedders: ['http://127.0.0.1:5173'],
    log: silentLogger,
    ...options,
  })
  return { handler, delivered }
}
