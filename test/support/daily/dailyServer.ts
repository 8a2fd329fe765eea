import { serveHandlers } from '../handlerServer.ts'
import { createFakeDaily, type FakeDaily } from './dailyHandlers.ts'

/** The Daily stand-in on a real HTTP port, answering whatever `DAILY_API_URL` points here. */
export async function startDailyServer(options: { apiKey: string; domain: string }): Promise<{ url: string; daily: FakeDaily; close(): Promise<void> }> {
  const served = await serveHandlers(
    (origin) => createFakeDaily({ ...options, apiUrl: `${origin}/v1` }),
    () => new Response(JSON.stringify({ error: 'not-found', info: 'no such endpoint' }), { status: 404 }),
  )
  return { url: `${served.origin}/v1`, daily: served.stand, close: served.close }
}
