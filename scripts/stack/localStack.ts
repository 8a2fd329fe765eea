import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { loadConfig, type Config } from '../../shared/config/loadConfig.ts'
import { connectDatabase } from '../../supabase/functions/_shared/db/connect.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embeddedPostgres.ts'
import { migrate } from '../db/migrate.ts'
import { seedDemoData } from '../db/seed.ts'
import { denoBinary } from './deno.ts'

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface LocalStack {
  config: Config
  databaseUrl: string
  functionsUrl: string
  embedded: EmbeddedPostgres | undefined
  migrations: string[]
  seeded: { hosts: number; templates: number; members: number }
  stop(): Promise<void>
}

export interface LocalStackOptions {
  env: Record<string, string | undefined>
  /** Where PGlite keeps its files; undefined keeps it in memory (tests, benchmarks). */
  dataDir?: string
  onFunctionsOutput?: (line: string) => void
}

/**
 * Database (embedded PGlite unless DATABASE_URL is set), migrations, demo data, and every edge
 * function under real Deno. Used by `npm start`, the smoke tests and the benchmarks alike.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const config = loadConfig(options.env)
  let embedded: EmbeddedPostgres | undefined
  let databaseUrl = config.databaseUrl
  if (!databaseUrl) {
    if (options.dataDir) await mkdir(options.dataDir, { recursive: true })
    embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, port: config.ports.db })
    databaseUrl = embedded.url
  }
  const sql = connectDatabase(databaseUrl, { max: 2 })
  let deno: ChildProcess | undefined
  try {
    const migrations = await migrate(sql)
    const seeded = await seedDemoData(sql)
    await sql.end()
    deno = await startFunctions({ ...options.env, DATABASE_URL: databaseUrl }, options.onFunctionsOutput)
    const denoProcess = deno
    return {
      config,
      databaseUrl,
      functionsUrl: config.functionsUrl,
      embedded,
      migrations,
      seeded,
      async stop() {
        await stopProcess(denoProcess)
        await embedded?.stop()
      },
    }
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {})
    if (deno) await stopProcess(deno)
    await embedded?.stop()
    throw error
  }
}

async function startFunctions(
  env: Record<string, string | undefined>,
  onOutput: (line: string) => void = (line) => console.log(line),
): Promise<ChildProcess> {
  const child = spawn(
    denoBinary(),
    ['run', '--quiet', '--no-prompt', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', 'scripts/stack/functionsServer.ts'],
    { cwd: REPO_ROOT, env: { ...env, NO_COLOR: '1' } as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return new Promise((resolve, reject) => {
    let ready = false
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        if (!ready && line.includes('functions ready')) {
          ready = true
          resolve(child)
        } else onOutput(line)
      }
    }
    child.stdout?.on('data', onLine)
    child.stderr?.on('data', onLine)
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`Deno functions server exited with code ${code} before it was ready`))
    })
  })
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
