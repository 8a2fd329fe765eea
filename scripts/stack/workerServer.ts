// Runs under Deno: the local worker, its own process beside the functions server. It drains
// the inbox and the outbox, polling once a second and woken at once by the functions server
// (POST /wake) when a webhook is recorded. Any number can run against one database.
import { loadConfig } from '../../shared/config/loadConfig.ts'
import { json } from '../../supabase/functions/_shared/http/respond.ts'
import { createRuntime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import { buildWorker } from '../../supabase/functions/worker/buildWorker.ts'

const config = loadConfig(Deno.env.toObject())
const rt = createRuntime(config)
const worker = buildWorker(rt)
const running = worker.start()
const port = config.ports.worker

const server = Deno.serve({ hostname: '127.0.0.1', port, onListen: () => console.log('worker ready') }, (req) => {
  const path = new URL(req.url).pathname
  if (path === '/health') return json(200, { ok: true, workerId: rt.workerId })
  if (path === '/wake' && req.method === 'POST') {
    worker.wake()
    return json(202, { status: 'woken' })
  }
  return json(404, { error: 'not_found', message: `No route ${path}` })
})

async function shutdown() {
  await running.stop()
  await server.shutdown()
  await rt.close()
  Deno.exit(0)
}
Deno.addSignalListener('SIGINT', shutdown)
Deno.addSignalListener('SIGTERM', shutdown)
