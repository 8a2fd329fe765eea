import { fork } from 'node:child_process'
import { connectDatabase } from '../../supabase/functions/_shared/db/connect.ts'
import { freePort } from '../../test/support/ports.ts'
import { startLocalStack } from '../stack/localStack.ts'
import { bookingBodies, percentile, sendSigned, waitFor } from './load.ts'

const SECRET = 'bench-calcom-secret'

async function stackEnv(extra: Record<string, string> = {}) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    FUNCTIONS_PORT: String(await freePort()),
    DB_PORT: String(await freePort()),
    CALCOM_WEBHOOK_SECRET: SECRET,
    ...extra,
  }
}

/** p50/p99 time to acknowledge 500 signed Cal.com deliveries, 200 in flight at a time. */
export async function benchAcknowledgement(print: (line: string) => void): Promise<void> {
  const stack = await startLocalStack({ env: await stackEnv(), onFunctionsOutput: () => {} })
  const sql = connectDatabase(stack.databaseUrl, { max: 1 })
  try {
    const url = `${stack.functionsUrl}/calcom-webhook-handler`
    await sendSigned(url, SECRET, bookingBodies(400, 'warmup'), 200)
    await waitFor(async () => (await sql`select count(*)::int as c from webhook_deliveries where status = 'pending'`)[0]?.c === 0, 60_000)

    const started = performance.now()
    const results = await sendSigned(url, SECRET, bookingBodies(500, 'ack'), 200)
    const acked = performance.now() - started
    const latencies = results.map((r) => r.latencyMs)
    const done = await waitFor(
      async () => (await sql`select count(*)::int as c from webhook_deliveries where status = 'processed' and booking_uid like 'ack-%'`)[0]?.c === 500,
      120_000,
    )
    const processed = performance.now() - started
    print(`Webhook acknowledgement (500 signed deliveries, 200 in flight, real Deno + embedded Postgres)`)
    print(`  status 200: ${results.filter((r) => r.status === 200).length}/500`)
    print(`  ack latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p90 ${percentile(latencies, 90).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (target p99 < 50 ms)`)
    print(`  all 500 acknowledged in ${(acked / 1000).toFixed(2)} s; ${done ? `all processed (record + room) in ${(processed / 1000).toFixed(2)} s` : 'NOT all processed within 120 s'}`)
    // The same load against a route that answers 404 at once: what HTTP alone costs on this machine.
    const floor = (await sendSigned(`${stack.functionsUrl}/no-such-function`, SECRET, bookingBodies(500, 'floor'), 200)).map((r) => r.latencyMs)
    print(`  floor (same load, empty 404 route): p50 ${percentile(floor, 50).toFixed(1)} ms, p99 ${percentile(floor, 99).toFixed(1)} ms`)
  } finally {
    await sql.end()
    await stack.stop()
  }
}

/** The Airtable stand-in in its own process (see airtableStandInProcess.ts), driven over IPC. */
async function startAirtableProcess() {
  const child = fork(new URL('./airtableStandInProcess.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const ask = <T>(message: object, type: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (reply: { type: string }) => {
        if (reply.type !== type) return
        child.off('message', onMessage)
        resolve(reply as T)
      }
      child.on('message', onMessage)
      if (Object.keys(message).length > 0) child.send(message)
    })
  const ready = await ask<{ url: string; apiKey: string; baseId: string }>({}, 'ready')
  return {
    ...ready,
    count: (prefix: string) => ask<{ count: number }>({ type: 'count', prefix }, 'count').then((r) => r.count),
    stats: () => ask<{ requests: number; rateLimited: number }>({ type: 'stats' }, 'stats'),
    close: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.send({ type: 'close' })
    }),
  }
}

/**
 * Sessions per second end to end through the Airtable adapter, against a stand-in that enforces
 * Airtable's 5 requests/s per base. With 10 records per write the ceiling is 50 sessions/s.
 */
export async function benchAirtableThroughput(print: (line: string) => void, sessions = 500): Promise<void> {
  const airtable = await startAirtableProcess()
  const stack = await startLocalStack({
    env: await stackEnv({ AIRTABLE_API_KEY: airtable.apiKey, AIRTABLE_BASE_ID: airtable.baseId, AIRTABLE_API_URL: airtable.url }),
    onFunctionsOutput: () => {},
  })
  try {
    const url = `${stack.functionsUrl}/calcom-webhook-handler`
    const started = performance.now()
    await sendSigned(url, SECRET, bookingBodies(sessions, 'tp'), 200)
    const done = await waitFor(async () => (await airtable.count('tp-')) === sessions, 300_000)
    const seconds = (performance.now() - started) / 1000
    const written = await airtable.count('tp-')
    const rate = written / seconds
    const stats = await airtable.stats()
    print(`Airtable throughput (${sessions} sessions end to end, stand-in enforcing 5 requests/s per base, in its own process)`)
    print(`  ${done ? 'all' : 'NOT all'} ${written} records written in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} sessions/s`)
    print(`  ${((rate / 50) * 100).toFixed(0)}% of the 50 sessions/s ceiling (target >= 80%)`)
    print(`  Airtable requests ${stats.requests}, 429 responses ${stats.rateLimited} (must be 0)`)
  } finally {
    await stack.stop()
    await airtable.close()
  }
}
