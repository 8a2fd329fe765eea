import { Worker } from 'node:worker_threads'
import { signCalcomBody } from '../../shared/calcom/signature.ts'

export interface Timed {
  latencyMs: number
  status: number
}

export interface LoadRequest {
  method: 'GET' | 'POST'
  /** Absolute URL; every request of one run goes to the same origin. */
  url: string
  headers?: Record<string, string>
  body?: string
}

/**
 * Sends requests with at most `concurrency` in flight, from a separate thread, and returns each
 * one's latency (request written to response read).
 */
export async function sendLoad(requests: LoadRequest[], concurrency: number): Promise<Timed[]> {
  const origin = new URL(requests[0]!.url).origin
  const plain = requests.map((r) => ({ method: r.method, path: new URL(r.url).pathname + new URL(r.url).search, headers: r.headers ?? {}, body: r.body }))
  const worker = new Worker(new URL('./loadWorker.mjs', import.meta.url), { workerData: { origin, requests: plain, concurrency } })
  try {
    return await new Promise<Timed[]>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  } finally {
    await worker.terminate()
  }
}

/** Cal.com deliveries, each signed as Cal.com signs it. */
export async function sendSigned(url: string, secret: string, bodies: string[], concurrency: number): Promise<Timed[]> {
  const requests = await Promise.all(
    bodies.map(async (body) => ({
      method: 'POST' as const,
      url,
      headers: { 'content-type': 'application/json', 'x-cal-signature-256': await signCalcomBody(secret, body) },
      body,
    })),
  )
  return sendLoad(requests, concurrency)
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

/** Distinct BOOKING_CREATED deliveries: the first starts in `startsInMinutes`, then one an hour. */
export function bookingBodies(count: number, prefix: string, startsInMinutes = 120, everyMinutes = 60): string[] {
  const base = Date.now() + startsInMinutes * 60_000
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(Math.floor((base + i * everyMinutes * 60_000) / 60_000) * 60_000)
    return JSON.stringify({
      triggerEvent: 'BOOKING_CREATED',
      createdAt: new Date().toISOString(),
      payload: {
        uid: `${prefix}-${i}`,
        title: 'Session',
        startTime: start.toISOString(),
        endTime: new Date(start.getTime() + 30 * 60_000).toISOString(),
        organizer: { name: 'Jane Rivers', email: 'jane@presence.example', timeZone: 'Australia/Sydney' },
        attendees: [{ name: `Member ${i}`, email: `member${i}@example.com`, timeZone: 'Australia/Sydney' }],
        metadata: {},
      },
    })
  })
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}
