import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AirtableStandIn, type AirtableStandInOptions, createAirtableStandIn } from './airtableStandIn.ts'

export interface AirtableServerOptions extends Omit<AirtableStandInOptions, 'requestsPerSecond'> {
  port?: number
  /** Per-base limit, 5 like Airtable; null switches it off. */
  requestsPerSecond?: number | null
}

export interface AirtableServer {
  /** Point the client's `apiUrl` here. */
  url: string
  standIn: AirtableStandIn
  stats: AirtableStandIn['stats']
  close(): Promise<void>
}

/** The stand-in on a real HTTP port, for benchmarks and for processes that cannot use msw. */
export async function startAirtableServer(options: AirtableServerOptions = {}): Promise<AirtableServer> {
  const { port = 0, requestsPerSecond = 5, ...standInOptions } = options
  const standIn = createAirtableStandIn({ ...standInOptions, requestsPerSecond })
  const server = createServer((req, res) => {
    const aborted = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort()
    })
    void toRequest(req, aborted.signal)
      .then((request) => standIn.handle(request))
      .then(async (response) => {
        if (response.type === 'error') {
          req.socket.destroy()
          return
        }
        res.writeHead(response.status, Object.fromEntries(response.headers))
        res.end(Buffer.from(await response.arrayBuffer()))
      })
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(String(error))
      })
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    standIn,
    stats: standIn.stats,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

async function toRequest(req: IncomingMessage, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value)
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v)
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && chunks.length > 0
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
    signal,
  })
}
