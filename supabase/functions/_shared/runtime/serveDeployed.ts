import { loadConfig } from '../../../../shared/config/loadConfig.ts'
import type { Handler } from '../http/respond.ts'
import { createRuntime, type Runtime } from './runtime.ts'

declare const Deno: { env: { toObject(): Record<string, string> }; serve(handler: (req: Request) => Promise<Response>): unknown }
declare const EdgeRuntime: { waitUntil(work: Promise<unknown>): void } | undefined

/**
 * The deployed entry: read config once, wire the function, serve it. The worker is woken by
 * Postgres itself when work is queued (pg_net, see migration 0009), so `wake` does nothing here.
 */
export function serveDeployed(wire: (rt: Runtime) => Handler): void {
  const config = loadConfig(Deno.env.toObject(), { production: true })
  const waitUntil = typeof EdgeRuntime !== 'undefined' ? (work: Promise<unknown>) => EdgeRuntime!.waitUntil(work) : undefined
  const rt = createRuntime(config, { waitUntil, databaseMaxConnections: 3 })
  const handler = wire(rt)
  Deno.serve(async (req) => {
    await rt.ready()
    return handler(req)
  })
}
