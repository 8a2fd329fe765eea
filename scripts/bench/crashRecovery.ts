import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { DEFAULT_LEASE_MS } from '../../supabase/functions/_shared/worker/worker.ts'
import { freePort } from '../../test/support/ports.ts'
import { startEmbeddedPostgres } from '../db/embeddedPostgres.ts'
import { startLocalStack } from '../stack/localStack.ts'
import { bookingBodies, sendSigned } from './load.ts'
import type { StackProcessReady, StackProcessStart } from './stackProcess.ts'
import { benchEnv, CALCOM_SECRET } from './stacks.ts'
import { statusesOtherThan200 } from './webhookPipeline.ts'

const SESSIONS = 200
const PREFIX = 'crash'
const RECOVERY_TIMEOUT_MS = 90_000

/** A stack in its own process (stackProcess.ts) on `dataDir`, so all of it can be killed. */
async function startStackProcess(dataDir: string) {
  const child = fork(new URL('./stackProcess.ts', import.meta.url), { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const ready = await new Promise<StackProcessReady>((resolve, reject) => {
    child.once('message', (message: StackProcessReady | { type: 'error'; message: string }) =>
      message.type === 'ready' ? resolve(message) : reject(new Error(message.message)),
    )
    child.once('exit', (code) => reject(new Error(`the stack process stopped (exit ${code}) before it was ready`)))
    void benchEnv().then((env) => child.send({ type: 'start', env, dataDir } satisfies StackProcessStart))
  })
  return { ...ready, exited }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

interface Counts {
  deliveries: number
  pending: number
  leased: number
  jobsPending: number
  records: number
}

async function counts(sql: Sql): Promise<Counts> {
  const [row] = await sql<Counts[]>`
    select
      (select count(distinct booking_id)::int from webhook_deliveries where booking_id like ${PREFIX + '-%'}) as deliveries,
      (select count(*)::int from webhook_deliveries where booking_id like ${PREFIX + '-%'} and status = 'pending') as pending,
      (select count(*)::int from webhook_deliveries where booking_id like ${PREFIX + '-%'} and status = 'pending' and lease_until > now()) as leased,
      (select count(*)::int from outbox_jobs where status = 'pending') as "jobsPending",
      (select count(*)::int from presence_operations where booking_id like ${PREFIX + '-%'} and room_status = 'Active') as records`
  return row!
}

/**
 * Seconds from SIGKILL of the whole stack (functions server, worker, and the Node process that
 * hosts the embedded database) to the last of 200 acknowledged sessions having its Presence
 * Operations record with its room, after a restart on the same PGlite data dir.
 */
export async function benchCrashRecovery(print: (line: string) => void): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'presence-crash-'))
  let stack: Awaited<ReturnType<typeof startStackProcess>> | undefined
  try {
    stack = await startStackProcess(dataDir)
    const url = `${stack.functionsUrl}/calcom-webhook-handler`
    // One delivery first: a fresh functions server can refuse its very first one (see the acknowledgement figures).
    const warmup = await sendSigned(url, CALCOM_SECRET, bookingBodies(1, 'warmup-crash'), 1)
    const acks = await sendSigned(url, CALCOM_SECRET, bookingBodies(SESSIONS, PREFIX), 50)
    const killedAt = performance.now()
    const pids = stack.pids
    // The parent (the database's host) first, so nothing is left to restart its children, then
    // the Deno children, all in the same moment.
    for (const { pid } of pids) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    await stack.exited
    for (let i = 0; i < 50 && pids.some(({ pid }) => isAlive(pid) && !isZombie(pid)); i++) await new Promise((resolve) => setTimeout(resolve, 20))
    stack = undefined
    const accepted = acks.filter((r) => r.status === 200).length

    print(`Crash recovery (${SESSIONS} signed deliveries, 50 in flight, embedded Postgres on a PGlite data dir)`)
    print(`  warm-up delivery (the fresh functions server's first) answered ${warmup[0]?.status}; the ${SESSIONS} answered 200: ${accepted}/${SESSIONS}${statusesOtherThan200(acks)}`)
    print(`  right after the last acknowledgement, SIGKILL to: ${pids.map(({ name, pid }) => `${name} (pid ${pid})`).join(', ')}`)

    // Restart on the same data: the database first, to see what survived before any worker runs.
    const database = await startEmbeddedPostgres({ dataDir, port: await freePort() })
    const sql = connectDatabase(database.url, { max: 1 })
    let restarted: Awaited<ReturnType<typeof startLocalStack>> | undefined
    try {
      const survived = await counts(sql)
      const [settings] = await sql<{ fsync: string; synchronousCommit: string }[]>`
        select current_setting('fsync') as fsync, current_setting('synchronous_commit') as "synchronousCommit"`
      const databaseBack = (performance.now() - killedAt) / 1000
      print(
        `  database back after ${databaseBack.toFixed(2)} s; inbox holds ${survived.deliveries}/${accepted} acknowledged deliveries${survived.deliveries < accepted ? ` -- ${accepted - survived.deliveries} ACKNOWLEDGED DELIVERIES LOST (PGlite did not keep them through SIGKILL)` : ' (none lost)'}`,
      )
      print(
        `  PGlite runs with fsync=${settings?.fsync}, synchronous_commit=${settings?.synchronousCommit}: commits reach the OS but are not forced to disk, which a killed process survives; a power cut or kernel crash may not (not tested)`,
      )
      print(
        `  at restart, before any worker ran: ${survived.records} already had record + room; ${survived.pending} deliveries pending (${survived.leased} still leased to the dead worker); ${survived.jobsPending} outbox jobs pending`,
      )
      restarted = await startLocalStack({ env: await benchEnv({ DATABASE_URL: database.url }), onFunctionsOutput: () => {} })
      const stackBack = (performance.now() - killedAt) / 1000
      let last = survived
      const deadline = performance.now() + RECOVERY_TIMEOUT_MS
      while (last.records < survived.deliveries && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        last = await counts(sql)
      }
      const recoveredAt = (performance.now() - killedAt) / 1000
      const recovered = last.records - survived.records
      print(`  stack running again ${stackBack.toFixed(2)} s after the kill (functions, worker; leases of the dead worker run out after ${DEFAULT_LEASE_MS / 1000} s)`)
      print(
        last.records >= survived.deliveries
          ? `  last session recovered ${recoveredAt.toFixed(2)} s after the kill (target <= 30 s): ${last.records}/${SESSIONS} sessions have record + room (${recovered} finished after the restart)`
          : `  NOT recovered within ${RECOVERY_TIMEOUT_MS / 1000} s: ${last.records}/${SESSIONS} sessions have record + room; ${last.pending} deliveries and ${last.jobsPending} jobs still pending`,
      )
    } finally {
      await sql.end()
      await restarted?.stop()
      await database.stop()
    }
  } finally {
    if (stack) for (const { pid } of stack.pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return true
  }
}
