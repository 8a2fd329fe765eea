import { createServer } from 'node:net'
import type { Config } from '../../shared/config/loadConfig.ts'

/** A port the local stack listens on, what needs it, and the variable that moves it. */
export interface NeededPort {
  port: number
  what: string
  variable: string
}

export const HOST = '127.0.0.1'

export function stackPorts(config: Config): Record<'db' | 'functions' | 'worker' | 'web', NeededPort> {
  return {
    db: { port: config.ports.db, what: 'embedded database', variable: 'DB_PORT' },
    functions: { port: config.ports.functions, what: 'functions', variable: 'FUNCTIONS_PORT' },
    worker: { port: config.ports.worker, what: 'worker', variable: 'WORKER_PORT' },
    web: { port: config.ports.web, what: 'SPA', variable: 'WEB_PORT' },
  }
}

/** Every port the stack listens on: DB_PORT only when no DATABASE_URL is set, WEB_PORT when the SPA runs. */
export function neededPorts(config: Config, parts: { web: boolean }): NeededPort[] {
  const ports = stackPorts(config)
  return [...(config.databaseUrl ? [] : [ports.db]), ports.functions, ports.worker, ...(parts.web ? [ports.web] : [])]
}

/** One line per taken port. */
export class PortInUseError extends Error {
  constructor(readonly busy: NeededPort[]) {
    super(busy.map(describeBusyPort).join('\n'))
    this.name = 'PortInUseError'
  }
}

export class PortClashError extends Error {
  constructor(readonly clashing: NeededPort[]) {
    const names = clashing.map((needed) => needed.variable)
    const listed = `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
    const quantifier = names.length === 2 ? 'both' : 'all'
    super(`${listed} are ${quantifier} set to ${clashing[0]!.port}. Give each part its own port.`)
    this.name = 'PortClashError'
  }
}

function describeBusyPort({ port, what, variable }: NeededPort): string {
  return `Port ${port} (${what}) is already in use. Stop whatever holds it, or set ${variable} to another port.`
}

/** Deno's and Node's words for a listen that failed because the port is taken. */
export function isAddressInUse(errorOrText: unknown): boolean {
  if (typeof errorOrText === 'string') return /AddrInUse|EADDRINUSE|address already in use/i.test(errorOrText)
  return (errorOrText as { code?: string } | null)?.code === 'EADDRINUSE'
}

/**
 * Fails before anything starts when two parts share a port or one is taken, naming every such
 * port at once; starting first would leave the parts that did start running behind the error.
 */
export async function assertPortsFree(ports: NeededPort[]): Promise<void> {
  for (const needed of ports) {
    const sharing = ports.filter((other) => other.port === needed.port)
    if (sharing.length > 1) throw new PortClashError(sharing)
  }
  const taken = await Promise.all(ports.map(async (needed) => ((await isPortFree(needed.port)) ? undefined : needed)))
  const busy = taken.filter((needed): needed is NeededPort => needed !== undefined)
  if (busy.length > 0) throw new PortInUseError(busy)
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error) => (isAddressInUse(error) ? resolve(false) : reject(error)))
    probe.listen(port, HOST, () => probe.close(() => resolve(true)))
  })
}
