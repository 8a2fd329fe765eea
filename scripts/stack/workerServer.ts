// Runs under Deno: the local worker, its own process beside the functions server. It drains
// the inbox and the outbox, polling once a second and woken at once by the functions server
// (POST /wake) when a webhook is recorded. Any number can run against one database.
import { loadConfig } from '../../shared/config/loadConfig.ts'
import { json } from '../../supabase/functions/_shared/http/respond.ts'
import { createRuntime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import { buildWorker } from '../../supabase/functions/worker/buildWorker.ts'
import { shutdownOn } from './shutdownOn.ts'

const config = loadConfig(Deno.env.toObject())
const rt = createRuntime(config)
const worker = buildWorker(rt)
let stopping = false
const running = startWhenDatabaseAnswers()
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

/** The loop starts once the database has answered (see Runtime.ready); until then it asks every second. */
async function startWhenDatabaseAnswers() {
  while (!stopping) {
    try {
      await rt.ready()
      return worker.start()
    } catch (error) {
      rt.log.log('warn', 'worker waiting for the database', { error: String(error) })
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    }
  }
}

shutdownOn(async () => {
  stopping = true
  await (await running)?.stop()
  await server.shutdown()
  await rt.close()
})
