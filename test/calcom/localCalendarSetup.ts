import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { createLocalCalendarHandler, type LocalCalendarDeps } from '../../supabase/functions/_shared/calcom/local/localCalendar.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createCalcomWebhookHandler } from '../../supabase/functions/calcom-webhook-handler/handler.ts'
import { freePort } from '../support/ports.ts'

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

/** A Web handler on a real port on 127.0.0.1, for the browser. */
export async function serveHandler(handler: (req: Request) => Promise<Response>): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : [])),
        body: body.length > 0 ? body : undefined,
      })
      void handler(request).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers))
        res.end(Buffer.from(await response.arrayBuffer()))
      })
    })
  })
  const port = await freePort()
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
