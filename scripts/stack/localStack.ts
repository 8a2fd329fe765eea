import type { ChildProcess } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { setPriority } from 'node:os'
import { loadConfig, type Config } from '../../shared/config/loadConfig.ts'
import { connectDatabase } from '../../supabase/functions/_shared/db/connect.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embeddedPostgres.ts'
import { migrate } from '../db/migrate.ts'
import { seedDemoData } from '../db/seed.ts'
import { checkDatabase, databaseUrlVariable } from './databaseCheck.ts'
import { startDenoProcess, stopProcess } from './denoProcess.ts'
import { supervise } from './supervise.ts'
import { assertPortsFree, HOST, isAddressInUse, neededPorts, PortInUseError, stackPorts } from './ports.ts'

export { REPO_ROOT } from './repoRoot.ts'

/** How much lower than the rest of the stack the worker runs (nice 10 of 19). */
const WORKER_NICENESS = 10

export interface LocalStack {
  config: Config
  databaseUrl: string
  functionsUrl: string
  /** The worker process's own server (GET /health). */
  workerUrl: string
  embedded: EmbeddedPostgres | undefined
  migrations: string[]
  seeded: { hosts: number; templates: number; members: number }
  /** The Deno processes running now; each is started again if it stops unasked. */
  processes(): { functions: ChildProcess; worker: ChildProcess }
  stop(): Promise<void>
}

export interface LocalStackOptions {
  env: Record<string, string | undefined>
  /** Where PGlite keeps its files; undefined keeps it in memory (tests, benchmarks). */
  dataDir?: string
  onFunctionsOutput?: (line: string) => void
  /** Defaults to onFunctionsOutput, so a caller that silences the functions silences the worker too. */
  onWorkerOutput?: (line: string) => void
}

/**
 * Database (embedded PGlite unless DATABASE_URL is set), migrations, demo data, every edge
 * function under real Deno, and the worker as its own Deno process. Used by `npm start`, the
 * smoke tests and the benchmarks alike. A taken port, an unreachable database or a bad variable
 * fails before anything is left running, as a PortInUseError, DatabaseUnreachableError or ConfigError.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const config = loadConfig(options.env)
  const ports = stackPorts(config)
  await assertPortsFree(neededPorts(config, { web: false }))
  let embedded: EmbeddedPostgres | undefined
  let databaseUrl = config.databaseUrl
  if (databaseUrl) await checkDatabase(databaseUrl, databaseUrlVariable(options.env))
  else {
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true })
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: config.ports.db }).catch((error: unknown) => {
      throw isAddressInUse(error) ? new PortInUseError([ports.db]) : error
    })
    databaseUrl = embedded.url
  }
  const sql = connectDatabase(databaseUrl, { max: 2 })
  const children: ChildProcess[] = []
  try {
    const migrations = await migrate(sql)
    const seeded = await seedDemoData(sql)
    await sql.end()
    const env = { ...options.env, DATABASE_URL: databaseUrl }
    const onFunctionsOutput = options.onFunctionsOutput ?? ((line: string) => console.log(line))
    const onWorkerOutput = options.onWorkerOutput ?? onFunctionsOutput
    const startFunctions = () =>
      startDenoProcess({ script: 'scripts/stack/functionsServer.ts', readyLine: 'functions ready', port: ports.functions, env, onOutput: onFunctionsOutput })
    const startWorker = () =>
      startDenoProcess({ script: 'scripts/stack/workerServer.ts', readyLine: 'worker ready', port: ports.worker, env, onOutput: onWorkerOutput }).then(
        (child) => {
          // Background work yields the CPU to acknowledgements (on two cores they share it).
          if (child.pid !== undefined) setPriority(child.pid, WORKER_NICENESS)
          return child
        },
      )
    const started = await Promise.allSettled([startFunctions(), startWorker()])
    for (const result of started) if (result.status === 'fulfilled') children.push(result.value)
    const failures = started.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []))
    if (failures.length > 0) throw oneError(failures)
    const supervised = [
      supervise(children[0]!, startFunctions, { name: 'functions server', say: onFunctionsOutput }),
      supervise(children[1]!, startWorker, { name: 'worker', say: onWorkerOutput }),
    ]
    return {
      config,
      databaseUrl,
      functionsUrl: config.functionsUrl,
      workerUrl: `http://${HOST}:${config.ports.worker}`,
      embedded,
      migrations,
      seeded,
      processes: () => ({ functions: supervised[0]!.current(), worker: supervised[1]!.current() }),
      async stop() {
        await Promise.all(supervised.map((child) => child.stop()))
        await embedded?.stop()
      },
    }
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {})
    await Promise.all(children.map(stopProcess))
    await embedded?.stop()
    throw error
  }
}

/** Both Deno processes finding their ports taken is one message naming both ports. */
function oneError(failures: unknown[]): unknown {
  const busy = failures.filter((failure): failure is PortInUseError => failure instanceof PortInUseError)
  return busy.length === failures.length ? new PortInUseError(busy.flatMap((failure) => failure.busy)) : failures[0]
}
