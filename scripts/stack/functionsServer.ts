// Runs under Deno: every edge function on one local server, the way `supabase functions serve`
// exposes them (http://127.0.0.1:54321/functions/v1/<name>), plus the local room pages.
import { loadConfig } from '../../shared/config/loadConfig.ts'
import { json } from '../../supabase/functions/_shared/http/respond.ts'
import { createLocalRoomPageHandler } from '../../supabase/functions/_shared/rooms/local/localRoomPage.ts'
import { createAppContext, localRoomSigningKey } from '../../supabase/functions/_shared/runtime/appContext.ts'
import { FUNCTIONS, type FunctionName } from '../../supabase/functions/_shared/runtime/functionRegistry.ts'

const config = loadConfig(Deno.env.toObject())
const ctx = createAppContext(config)
const handlers = new Map(Object.entries(FUNCTIONS).map(([name, build]) => [name, build(ctx)]))
const roomPage = config.daily ? undefined : createLocalRoomPageHandler({ sql: ctx.sql, signingKey: localRoomSigningKey(config), appUrl: config.appUrl })

const server = Deno.serve({ hostname: '127.0.0.1', port: config.ports.functions, onListen: () => console.log('functions ready') }, (req) => {
  const path = new URL(req.url).pathname
  const match = /^\/functions\/v1\/([a-z0-9-]+)\/?$/.exec(path)
  const handler = match ? handlers.get(match[1] as FunctionName) : undefined
  if (handler) return handler(req)
  if (roomPage && path.startsWith('/local-daily/')) return roomPage(req)
  return json(404, { error: 'not_found', message: `No function at ${path}` })
})

async function shutdown() {
  await server.shutdown()
  await ctx.close()
  Deno.exit(0)
}
Deno.addSignalListener('SIGINT', shutdown)
Deno.addSignalListener('SIGTERM', shutdown)
