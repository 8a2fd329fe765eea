import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse } from 'msw'
import { createFakeDaily, type FakeDaily } from './dailyHandlers.ts'

/**
 * The Daily stand-in on a real HTTP port, for processes msw cannot reach (the functions and the
 * worker under Deno): the same handlers, answering whatever `DAILY_API_URL` points here.
 */
export async function startDailyServer(options: { apiKey: string; domain: string }): Promise<{ url: string; daily: FakeDaily; close(): Promise<void> }> {
  let daily: FakeDaily | undefined
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
      void getResponse(daily!.handlers, request).then(async (response) => {
        const answer = response ?? new Response(JSON.stringify({ error: 'not-found', info: 'no such endpoint' }), { status: 404 })
        res.writeHead(answer.status, Object.fromEntries(answer.headers))
        res.end(Buffer.from(await answer.arrayBuffer()))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  daily = createFakeDaily({ ...options, apiUrl: url })
  return { url, daily, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
