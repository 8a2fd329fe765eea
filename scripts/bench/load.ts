import { signCalcomBody } from '../../shared/calcom/signature.ts'

export interface Timed {
  latencyMs: number
  status: number
}

/** Sends signed bodies with at most `concurrency` in flight; returns each one's latency. */
export async function sendSigned(url: string, secret: string, bodies: string[], concurrency: number): Promise<Timed[]> {
  const signed = await Promise.all(bodies.map(async (body) => ({ body, signature: await signCalcomBody(secret, body) })))
  const results: Timed[] = []
  let next = 0
  async function worker() {
    while (next < signed.length) {
      const { body, signature } = signed[next++]!
      const started = performance.now()
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cal-signature-256': signature }, body })
      await response.arrayBuffer()
      results.push({ latencyMs: performance.now() - started, status: response.status })
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return results
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
