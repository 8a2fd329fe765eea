import { fork } from 'node:child_process'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { startLocalStack } from '../stack/localStack.ts'
import type { RunStats, StandInMessage } from './airtableStandInProcess.ts'
import { bookingBodies, percentile, sendSigned, waitFor, type Timed } from './load.ts'
import { benchEnv, CALCOM_SECRET, denoServersOf, startExtraWorker, stopAll } from './stacks.ts'
import { askChild } from '../../test/support/processes/askChild.ts'

const ms = (value: number) => `${value.toFixed(1)} ms`

/** Sessions with the given uid prefix whose Presence Operations record shows their room. */
async function recordsWithRoom(sql: Sql, prefix: string): Promise<number> {
  const [row] = await sql<{ c: number }[]>`
    select count(*)::int as c from presence_operations where booking_id like ${prefix + '%'} and room_status = 'Active'`
  return row?.c ?? 0
}

function summary(results: Timed[]): string {
  const latencies = results.map((r) => r.latencyMs)
  return `p50 ${ms(percentile(latencies, 50))}, p90 ${ms(percentile(latencies, 90))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(Math.max(...latencies))}`
}

/** `; others: 422 x1` when some requests were not answered 200. */
export function statusesOtherThan200(results: Timed[]): string {
  const counts = new Map<number, number>()
  for (const { status } of results) if (status !== 200) counts.set(status, (counts.get(status) ?? 0) + 1)
  return counts.size === 0 ? '' : `; others: ${[...counts].map(([status, n]) => `${status} x${n}`).join(', ')}`
}

const p99 = (results: Timed[]) => percentile(results.map((r) => r.latencyMs), 99)

const ROUNDS = 3

interface AckRound {
  floorBefore: Timed[]
  acks: Timed[]
  floorAfter: Timed[]
  ackedS: number
  /** Until every session of the round has its record with its room; undefined when not within 120 s. */
  processedS: number | undefined
}

/**
 * p50/p99 time to acknowledge 500 signed Cal.com deliveries, 200 in flight, and the same load on
 * an empty 404 route (what HTTP alone costs on this machine) on the same stack, right before
 * (worker idle) and right after (worker busy with the 500); then how long until every delivery's
 * session has its record and room. Three such rounds, each printed, then all rounds pooled.
 */
export async function benchAcknowledgement(print: (line: string) => void): Promise<void> {
  const stack = await startLocalStack({ env: await benchEnv(), onFunctionsOutput: () => {} })
  const sql = connectDatabase(stack.databaseUrl, { max: 1 })
  try {
    const url = `${stack.functionsUrl}/calcom-webhook-handler`
    const floorUrl = `${stack.functionsUrl}/no-such-function`
    // Warm both routes, the worker and the JIT, then let the worker finish before measuring.
    const warmup = await sendSigned(url, CALCOM_SECRET, bookingBodies(400, 'warmup'), 200)
    await sendSigned(floorUrl, CALCOM_SECRET, bookingBodies(200, 'floor-warmup'), 200)
    const warmupOk = warmup.filter((r) => r.status === 200).length
    await waitFor(async () => (await recordsWithRoom(sql, 'warmup-')) === warmupOk, 120_000)

    print('Webhook acknowledgement (500 signed Cal.com deliveries, 200 in flight; functions under Deno, worker its own Deno process, embedded Postgres)')
    print(`  warm-up (fresh stack): ${warmupOk}/400 deliveries answered 200${statusesOtherThan200(warmup)}`)
    const rounds: AckRound[] = []
    for (let round = 1; round <= ROUNDS; round++) {
      const prefix = `ack${round}-`
      const floorBefore = await sendSigned(floorUrl, CALCOM_SECRET, bookingBodies(500, `floor-before${round}`), 200)
      const started = performance.now()
      const acks = await sendSigned(url, CALCOM_SECRET, bookingBodies(500, `ack${round}`), 200)
      const ackedS = (performance.now() - started) / 1000
      // Right after: the worker is now busy with the 500, as it was during most of the acks.
      const floorAfter = await sendSigned(floorUrl, CALCOM_SECRET, bookingBodies(500, `floor-after${round}`), 200)
      const accepted = acks.filter((r) => r.status === 200).length
      const done = await waitFor(async () => (await recordsWithRoom(sql, prefix)) === accepted, 120_000)
      const processedS = done ? (performance.now() - started) / 1000 : undefined
      const [inbox] = await sql<{ c: number }[]>`select count(*)::int as c from webhook_deliveries where status = 'processed' and booking_id like ${prefix + '%'}`
      const [jobs] = await sql<{ c: number }[]>`
        select count(*)::int as c from outbox_jobs j join sessions s on s.id::text = j.payload->>'sessionId'
        where j.kind = 'record.sync' and j.status = 'done' and s.booking_id like ${prefix + '%'}`
      rounds.push({ floorBefore, acks, floorAfter, ackedS, processedS })
      print(
        `  round ${round}: ack p50 ${ms(percentile(acks.map((r) => r.latencyMs), 50))}, p99 ${ms(p99(acks))}; floor p99 ${ms(p99(floorBefore))} before, ${ms(p99(floorAfter))} after; ack p99 = ${(p99(acks) / p99(floorBefore)).toFixed(2)}x / ${(p99(acks) / p99(floorAfter)).toFixed(2)}x the floor`,
      )
      print(
        `    status 200 ${accepted}/500${statusesOtherThan200(acks)}; all acknowledged in ${ackedS.toFixed(2)} s; ${processedS === undefined ? `NOT all processed within 120 s (${await recordsWithRoom(sql, prefix)}/${accepted} with record + room)` : `all fully processed ${processedS.toFixed(2)} s after the first was sent`} (inbox processed ${inbox?.c}, record.sync done ${jobs?.c}, record with an Active room ${await recordsWithRoom(sql, prefix)})`,
      )
    }
    const all = (pick: (round: AckRound) => Timed[]) => rounds.flatMap(pick)
    const acks = all((r) => r.acks)
    print(`  all ${ROUNDS} rounds pooled (${acks.length} acks):`)
    print(`    ack:                        ${summary(acks)}`)
    print(`    floor before (worker idle): ${summary(all((r) => r.floorBefore))}`)
    print(`    floor after (worker busy):  ${summary(all((r) => r.floorAfter))}`)
    print(
      `    ack p99 / floor p99 = ${(p99(acks) / p99(all((r) => r.floorBefore))).toFixed(2)}x (floor before), ${(p99(acks) / p99(all((r) => r.floorAfter))).toFixed(2)}x (floor after) (target <= 1.5x)`,
    )
    const processed = rounds.map((r) => r.processedS)
    print(`    500 fully processed (record + room) in ${processed.map((s) => (s === undefined ? 'NOT within 120' : s.toFixed(2))).join(', ')} s`)

    // Diagnostic: the same 500 with the worker process paused (SIGSTOP), so nothing competes
    // with the acknowledgements for the database or the CPU; then it resumes and catches up.
    const worker = denoServersOf(process.pid).find((child) => child.name === 'workerServer.ts')
    if (worker) {
      const floor = await sendSigned(floorUrl, CALCOM_SECRET, bookingBodies(500, 'floor-paused'), 200)
      process.kill(worker.pid, 'SIGSTOP')
      let paused: Timed[]
      try {
        paused = await sendSigned(url, CALCOM_SECRET, bookingBodies(500, 'paused'), 200)
      } finally {
        process.kill(worker.pid, 'SIGCONT')
      }
      print(`  diagnostic, worker paused (SIGSTOP) during 500 more acks: ${summary(paused)}; ${(p99(paused) / p99(floor)).toFixed(2)}x the floor p99 right before (${ms(p99(floor))})`)
      await waitFor(async () => (await recordsWithRoom(sql, 'paused-')) === paused.filter((r) => r.status === 200).length, 60_000)
    }
  } finally {
    await sql.end()
    await stack.stop()
  }
}

/** When the last delivery of a run was processed and its last room made, in seconds after `startedAt` (epoch ms). */
async function stageTimes(sql: Sql, prefix: string, startedAt: number): Promise<{ deliveries: string; rooms: string }> {
  const [row] = await sql<{ deliveries: number | null; rooms: number | null }[]>`
    select
      (select extract(epoch from max(processed_at)) * 1000 from webhook_deliveries where booking_id like ${prefix + '-%'})::float8 as deliveries,
      (select extract(epoch from max(j.done_at)) * 1000 from outbox_jobs j join sessions s on s.id::text = j.payload->>'sessionId'
        where j.kind = 'room.sync' and s.booking_id like ${prefix + '-%'})::float8 as rooms`
  const after = (epochMs: number | null | undefined) => (epochMs ? ((epochMs - startedAt) / 1000).toFixed(2) : 'n/a')
  return { deliveries: after(row?.deliveries), rooms: after(row?.rooms) }
}

/** The Airtable stand-in in its own process (see airtableStandInProcess.ts), driven over IPC. */
async function startAirtableProcess() {
  const child = fork(new URL('./airtableStandInProcess.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const ask = <T>(message: StandInMessage | undefined, type: string) => askChild<T>(child, message, type)
  const ready = await ask<{ url: string; apiKey: string; baseId: string }>(undefined, 'ready')
  return {
    ...ready,
    count: (prefix: string) => ask<{ count: number }>({ type: 'count', prefix }, 'count').then((r) => r.count),
    stats: () => ask<RunStats>({ type: 'stats' }, 'stats'),
    reset: () => ask<unknown>({ type: 'reset' }, 'reset'),
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.send({ type: 'close' } satisfies StandInMessage)
      }),
  }
}

/**
 * Sessions per second end to end (webhook -> worker -> Airtable) against a stand-in that
 * enforces Airtable's 5 requests/s per base, first with the stack's one worker, then with two
 * more worker processes on the same database. The rate limit is shared through Postgres, so
 * three workers must stay within 5 requests/s together. With 10 records per write the ceiling
 * is 50 sessions/s.
 */
export async function benchAirtableThroughput(print: (line: string) => void, sessions = 500): Promise<void> {
  const airtable = await startAirtableProcess()
  const env = await benchEnv({ AIRTABLE_API_KEY: airtable.apiKey, AIRTABLE_BASE_ID: airtable.baseId, AIRTABLE_API_URL: airtable.url })
  const stack = await startLocalStack({ env, onFunctionsOutput: () => {} })
  const sql = connectDatabase(stack.databaseUrl, { max: 1 })
  const extra: Awaited<ReturnType<typeof startExtraWorker>>[] = []
  try {
    const url = `${stack.functionsUrl}/calcom-webhook-handler`
    // Each worker reads the Hosts table once (cached for a minute): warm that outside the runs.
    const warmup = await sendSigned(url, CALCOM_SECRET, bookingBodies(20, 'tp-warmup'), 20)
    const warmupOk = warmup.filter((r) => r.status === 200).length
    await waitFor(async () => (await airtable.count('tp-warmup-')) === warmupOk, 60_000)

    print(`Airtable throughput (${sessions} sessions end to end: webhook -> worker -> Airtable stand-in in its own process, enforcing 5 requests/s per base)`)
    print(`  warm-up: ${warmupOk}/20 deliveries answered 200${statusesOtherThan200(warmup)}`)
    const run = async (label: string, prefix: string) => {
      await airtable.reset()
      const startedAt = Date.now()
      const started = performance.now()
      const sent = await sendSigned(url, CALCOM_SECRET, bookingBodies(sessions, prefix), 200)
      const accepted = sent.filter((r) => r.status === 200).length
      const done = await waitFor(async () => (await airtable.count(`${prefix}-`)) === accepted, 180_000)
      const seconds = (performance.now() - started) / 1000
      const written = await airtable.count(`${prefix}-`)
      const stats = await airtable.stats()
      const rate = written / seconds
      print(`  ${label}:`)
      if (accepted < sessions) print(`    only ${accepted}/${sessions} deliveries answered 200${statusesOtherThan200(sent)}`)
      print(`    ${done ? 'all' : 'NOT all'} ${written} records in ${seconds.toFixed(2)} s = ${rate.toFixed(1)} sessions/s (target >= 45; ${((rate / 50) * 100).toFixed(0)}% of the 50/s ceiling)`)
      print(
        `    requests ${stats.requests} (${stats.writes} writes carrying ${stats.recordsWritten} records, ${stats.requests - stats.writes} reads), 429s ${stats.rateLimited} (must be 0)`,
      )
      print(
        `    largest write ${stats.maxRecordsPerWrite} records (limit 10; over it: ${stats.oversizedWrites}), mean ${(stats.recordsWritten / Math.max(1, stats.writes)).toFixed(1)} per write`,
      )
      print(
        `    request rate ${stats.sustainedRate.toFixed(2)}/s (first to last request), busiest second ${stats.busiestSecond} requests (limit 5); gap between requests p50 ${ms(stats.gapMs.p50)}, p90 ${ms(stats.gapMs.p90)}, max ${ms(stats.gapMs.max)}`,
      )
      if (stats.busiestSecond > 5) {
        print(`    over the limit: ${stats.busiestSecond} requests within one second, at ${stats.busiestWindow.map((r) => `+${r.atMs.toFixed(0)} ms (${r.status})`).join(', ')}`)
      }
      print(`    while writing (first write to last): ${stats.writeRate.toFixed(1)} records/s; the stand-in's own event-loop delay p99 ${ms(stats.loopDelayMs.p99)}, max ${ms(stats.loopDelayMs.max)}`)
      const stages = await stageTimes(sql, prefix, startedAt)
      print(`    stages, seconds after the first delivery was sent: every delivery processed ${stages.deliveries}, every room made ${stages.rooms}, every record written ${seconds.toFixed(2)}`)
    }
    await run('one worker (the stack\'s own)', 'tp1')
    extra.push(await startExtraWorker(stack, env), await startExtraWorker(stack, env))
    await run('three worker processes (the stack\'s own + two more, each its own WORKER_PORT)', 'tp3')
    const { total } = await airtable.stats()
    print(`  stand-in totals for the whole bench: ${total.requests} requests, ${total.rateLimited} 429s`)
  } finally {
    await sql.end()
    await stopAll(extra)
    await stack.stop()
    await airtable.close()
  }
}
