import { Worker } from 'node:worker_threads'
import { signCalcomBody } from '../../shared/calcom/signature.ts'

export interface Timed {
  latencyMs: number
  status: number
}

/**
 * Sends signed bodies with at most `concurrency` in flight, from a separate thread, and returns
 * each one's latency (request written to response read).
 */
export async function sendSigned(url: string, secret: string, bodies: string[], concurrency: number): Promise<Timed[]> {
  const requests = await Promise.all(bodies.map(async (body) => ({ body, signature: await signCalcomBody(secret, body) })))
  const worker = new Worker(new URL('./loadWorker.mjs', import.meta.url), { workerData: { url, requests, concurrency } })
  try {
    return await new Promise<Timed[]>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  } finally {
    await worker.terminate()
  }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

/** Distinct BOOKING_CREATED deliveries, spread over the coming weeks. */
export function bookingBodies(count: number, prefix: string): string[] {
  const base = Date.now() + 2 * 3600_000
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(Math.floor((base + i * 3600_000) / 60_000) * 60_000)
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
