import { createServer, type Server, type Socket } from 'node:net'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket'
import { ProtocolUnitQueue } from './protocolUnitQueue.ts'

export interface EmbeddedPostgres {
  /** postgres:// URL every process uses to reach it. */
  url: string
  port: number
  db: PGlite
  stop(): Promise<void>
}

/**
 * PGlite served on the Postgres wire protocol, so Deno functions, the CLI and tests all talk to
 * it like a real server. `dataDir` undefined keeps it in memory (tests).
 */
export async function startEmbeddedPostgres(options: { dataDir?: string; port: number; host?: string }): Promise<EmbeddedPostgres> {
  const db = await PGlite.create(options.dataDir ?? 'memory://')
  const queue = new ProtocolUnitQueue(db)
  const handlers = new Set<PGLiteSocketHandler>()
  const server: Server = createServer((socket: Socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: queue as never, closeOnDetach: true })
    handlers.add(handler)
    const forget = () => handlers.delete(handler)
    handler.addEventListener('close', forget)
    handler.addEventListener('error', forget)
    void handler.attach(socket)
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return {
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    port,
    db,
    async stop() {
      for (const handler of handlers) await handler.detach(true)
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await db.close()
    },
  }
}
