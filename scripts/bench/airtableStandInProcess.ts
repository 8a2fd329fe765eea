// The Airtable stand-in in a process of its own for the benchmark. In the benchmark's process
// it would share an event loop with the embedded database, whose synchronous queries delay the
// stand-in's clock: requests sent a second apart would look bunched together and draw 429s
// that the real Airtable, on its own servers, would not send.
//
// Besides the stand-in's own counters it keeps, per run (reset by the `reset` message), what the
// stand-in does not expose: how many records each write carried, and when each request arrived,
// for the sustained request rate and the busiest second.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { startAirtableServer } from '../../test/support/airtable/index.ts'

export interface RunStats {
  /** Since the last reset. */
  requests: number
  rateLimited: number
  writes: number
  recordsWritten: number
  maxRecordsPerWrite: number
  /** Writes carrying more than Airtable's 10 records (the stand-in answers them 422). */
  oversizedWrites: number
  /** First to last request, requests per second. */
  sustainedRate: number
  /** The most requests that arrived within any one second. */
  busiestSecond: number
  /** When that second's requests arrived, ms after its first, and the answer each got. */
  busiestWindow: { atMs: number; status: number }[]
  /** Time between consecutive requests, ms. */
  gapMs: { p50: number; p90: number; max: number }
  /** Records written per second from the first write to the last. */
  writeRate: number
  /**
   * How late this process's event loop ran (ms): a late stand-in would see requests later than
   * they were sent, and bunched, which the real Airtable would not.
   */
  loopDelayMs: { p99: number; max: number }
  /** The stand-in's own counters, since it started. */
  total: { requests: number; rateLimited: number }
}

export type StandInMessage = { type: 'count'; prefix: string } | { type: 'stats' } | { type: 'reset' } | { type: 'close' }

const server = await startAirtableServer({ requestsPerSecond: 5 })
server.standIn.insert('Hosts', { Name: 'Jane Rivers', Email: 'jane@presence.example', Status: 'Active' })

const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()
let arrivals: number[] = []
let statuses: number[] = []
let writeTimes: { at: number; records: number }[] = []
let run = { requests: 0, rateLimited: 0, writes: 0, recordsWritten: 0, maxRecordsPerWrite: 0, oversizedWrites: 0 }

// The server calls `standIn.handle(request)` for each request: wrapping it sees every request
// before the stand-in answers, without changing the stand-in.
const handle = server.standIn.handle.bind(server.standIn)
server.standIn.handle = async (request: Request) => {
  const arrived = performance.now()
  const index = arrivals.push(arrived) - 1
  run.requests++
  const records = request.method === 'PATCH' || request.method === 'POST' ? await recordsIn(request.clone()) : undefined
  const response = await handle(request)
  statuses[index] = response.status
  if (response.status === 429) run.rateLimited++
  if (records !== undefined) {
    run.writes++
    if (response.status === 200) writeTimes.push({ at: arrived, records })
    run.recordsWritten += records
    run.maxRecordsPerWrite = Math.max(run.maxRecordsPerWrite, records)
    if (records > 10) run.oversizedWrites++
  }
  return response
}

/** Records in a create/update body; undefined for list requests (POST …/listRecords) and the like. */
async function recordsIn(request: Request): Promise<number | undefined> {
  if (request.url.endsWith('/listRecords')) return undefined
  try {
    const body = (await request.json()) as { records?: unknown }
    return Array.isArray(body.records) ? body.records.length : undefined
  } catch {
    return undefined
  }
}

function runStats(): RunStats {
  const first = arrivals[0]
  const last = arrivals.at(-1)
  const spanS = first !== undefined && last !== undefined && last > first ? (last - first) / 1000 : 0
  let busiest = 0
  let busiestFrom = 0
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while (arrivals[i]! - arrivals[j]! >= 1_000) j++
    if (i - j + 1 > busiest) [busiest, busiestFrom] = [i - j + 1, j]
  }
  const busiestWindow = arrivals
    .slice(busiestFrom, busiestFrom + busiest)
    .map((at, k) => ({ atMs: at - arrivals[busiestFrom]!, status: statuses[busiestFrom + k] ?? 0 }))
  const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!).sort((a, b) => a - b)
  const at = (p: number) => gaps[Math.min(gaps.length - 1, Math.ceil(p * gaps.length) - 1)] ?? 0
  const writeSpanS = writeTimes.length > 1 ? (writeTimes.at(-1)!.at - writeTimes[0]!.at) / 1000 : 0
  return {
    ...run,
    gapMs: { p50: at(0.5), p90: at(0.9), max: gaps.at(-1) ?? 0 },
    // Records of every write after the first, over the time from the first write to the last.
    writeRate: writeSpanS > 0 ? writeTimes.slice(1).reduce((sum, write) => sum + write.records, 0) / writeSpanS : 0,
    // n requests spread over the span leave n-1 gaps.
    sustainedRate: spanS > 0 ? (arrivals.length - 1) / spanS : 0,
    busiestSecond: busiest,
    busiestWindow,
    loopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
    total: { ...server.stats },
  }
}

process.on('message', (message: StandInMessage) => {
  if (message.type === 'count') {
    const count = server.standIn.records('Presence Operations').filter((r) => String(r.fields['Cal.com Booking ID'] ?? '').startsWith(message.prefix)).length
    process.send?.({ type: 'count', count })
  } else if (message.type === 'stats') {
    process.send?.({ type: 'stats', ...runStats() })
  } else if (message.type === 'reset') {
    arrivals = []
    statuses = []
    loopDelay.reset()
    writeTimes = []
    run = { requests: 0, rateLimited: 0, writes: 0, recordsWritten: 0, maxRecordsPerWrite: 0, oversizedWrites: 0 }
    process.send?.({ type: 'reset' })
  } else {
    void server.close().then(() => process.exit(0))
  }
})
// The benchmark gone (finished, failed or killed) closes the channel: never outlive it.
process.once('disconnect', () => void server.close().finally(() => process.exit(0)))
process.send?.({ type: 'ready', url: server.url, apiKey: server.standIn.apiKey, baseId: server.standIn.baseId })
