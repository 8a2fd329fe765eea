// Runs under Deno: every edge function on one local server, the way `supabase functions serve`
// exposes them (http://127.0.0.1:54321/functions/v1/<name>), plus the local room pages and, with
// no SUPABASE_URL, the local Auth stand-in at /auth/v1/ (where Supabase's local URL serves Auth).
import { loadConfig } from '../../shared/config/loadConfig.ts'
import { json } from '../../supabase/functions/_shared/http/respond.ts'
import { wireLocalCalendar } from '../../supabase/functions/_shared/calcom/local/wire.ts'
import { localAuthOf } from '../../supabase/functions/_shared/auth/local/localAuthOf.ts'
import { createLocalRoomPageHandler } from '../../supabase/functions/_shared/rooms/local/localRoomPage.ts'
import { localCheckoutPageOf } from '../../supabase/functions/_shared/runtime/build/payments.ts'
import { localRoomSigningKey } from '../../supabase/functions/_shared/runtime/build/rooms.ts'
import { createRuntime, type Runtime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import type { Handler } from '../../supabase/functions/_shared/http/respond.ts'
import { createWorkerWaker } from './wakeWorker.ts'
import { shutdownOn } from './shutdownOn.ts'

const config = loadConfig(Deno.env.toObject())
const rt = createRuntime(config, { wake: createWorkerWaker(`http://127.0.0.1:${config.ports.worker}/wake`) })
const handlers = await wireEveryFunction()
const localAuth = localAuthOf(rt)
const roomPage = config.daily ? undefined : createLocalRoomPageHandler({ sql: rt.sql, signingKey: localRoomSigningKey(config), appUrl: config.appUrl })
const checkoutPage = localCheckoutPageOf(rt)
// Without a Cal.com account, the local stand-in for Cal.com's booking pages and embed script.
const calPages = config.calcom.apiKey
  ? undefined
  : wireLocalCalendar(rt, () => Deno.readTextFile(new URL('../../node_modules/@calcom/embed-core/dist/embed/embed.js', import.meta.url)))

const server = Deno.serve({ hostname: '127.0.0.1', port: config.ports.functions, onListen: () => console.log('functions ready') }, (req) => {
  const path = new URL(req.url).pathname
  if (path === '/health') return json(200, { ok: true, functions: [...handlers.keys()] })
  const match = /^\/functions\/v1\/([a-z0-9-]+)\/?$/.exec(path)
  const handler = match ? handlers.get(match[1]!) : undefined
  if (handler) return rt.ready().then(() => handler(req))
  if (localAuth && path.startsWith('/auth/v1/')) return rt.ready().then(() => localAuth(req))
  if (roomPage && path.startsWith('/local-daily/')) return roomPage(req)
  if (checkoutPage && path.startsWith('/local-stripe/')) return rt.ready().then(() => checkoutPage(req))
  if (calPages && path.startsWith('/local-cal/')) return rt.ready().then(() => calPages(req))
  return json(404, { error: 'not_found', message: `No function at ${path}` })
})

/**
 * Every folder of supabase/functions with an entry file is a function, as Supabase deploys them;
 * each is wired from its own wire.ts, the file its deployed index.ts serves.
 */
async function wireEveryFunction(): Promise<Map<string, Handler>> {
  const root = new URL('../../supabase/functions/', import.meta.url)
  const names = [...Deno.readDirSync(root)]
    .filter((entry) => entry.isDirectory && !entry.name.startsWith('_') && exists(new URL(`${entry.name}/index.ts`, root)))
    .map((entry) => entry.name)
    .sort()
  const wired = await Promise.all(
    names.map(async (name) => {
      const { wire } = (await import(new URL(`${name}/wire.ts`, root).href)) as { wire: (rt: Runtime) => Handler }
      return [name, wire(rt)] as const
    }),
  )
  return new Map(wired)
}

function exists(url: URL): boolean {
  try {
    return Deno.statSync(url).isFile
  } catch {
    return false
  }
}

shutdownOn(async () => {
  await server.shutdown()
  await rt.close()
})
