// Runs under Deno: the local worker, its own process beside the functions server.
import { loadConfig } from '../../shared/config/loadConfig.ts'

const config = loadConfig(Deno.env.toObject())
const server = Deno.serve({ hostname: '127.0.0.1', port: config.ports.worker, onListen: () => console.log('worker ready') }, (req) => {
  const path = new URL(req.url).pathname
  if (path === '/health') return Response.json({ ok: true })
  return Response.json({ error: 'not_found' }, { status: 404 })
})

async function shutdown() {
  await server.shutdown()
  Deno.exit(0)
}
Deno.addSignalListener('SIGINT', shutdown)
Deno.addSignalListener('SIGTERM', shutdown)
