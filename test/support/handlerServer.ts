import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse, type RequestHandler } from 'msw'

/**
 * msw handlers on a real HTTP port, for processes msw cannot reach (the functions and the worker
 * under Deno). `build` gets the server's origin, since the handlers match on their API's base URL.
 */
export async function serveHandlers<T extends { handlers: RequestHandler[] }>(
  build: (origin: string) => T,
  notFound: () => Response,
): Promise<{ origin: string; stand: T; close(): Promise<void> }> {
  let stand: T | undefined
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: body.length > 0 ? body : undefined,
      })
      void getResponse(stand!.handlers, request).then(async (response) => {
        const answer = response ?? notFound()
        res.writeHead(answer.status, Object.fromEntries(answer.headers))
        res.end(Buffer.from(await answer.arrayBuffer()))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  stand = build(origin)
  return { origin, stand, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
