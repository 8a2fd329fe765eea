import { loadConfig } from '../../../../shared/config/loadConfig.ts'
import { createAppContext } from './appContext.ts'
import { FUNCTIONS, type FunctionName } from './functionRegistry.ts'

declare const Deno: { env: { toObject(): Record<string, string> }; serve(handler: (req: Request) => Promise<Response>): unknown }
declare const EdgeRuntime: { waitUntil(work: Promise<unknown>): void } | undefined

/** The deployed entry: read config once, build the function's handler, serve it. */
export function serveDeployed(name: FunctionName): void {
  const config = loadConfig(Deno.env.toObject(), { production: true })
  const waitUntil = typeof EdgeRuntime !== 'undefined' ? (work: Promise<unknown>) => EdgeRuntime!.waitUntil(work) : undefined
  const ctx = createAppContext(config, { waitUntil, databaseMaxConnections: 3 })
  Deno.serve(FUNCTIONS[name](ctx))
}
