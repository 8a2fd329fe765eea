import type { ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { freePort, freeStackEnv, type StackEnv } from '../../test/support/ports.ts'
import { startDenoProcess, stopProcess } from '../stack/denoProcess.ts'
import type { LocalStack } from '../stack/localStack.ts'
import { startPostgresServer } from '../db/postgresServer.ts'

export const CALCOM_SECRET = 'bench-calcom-secret'
export const LINK_SECRET = 'bench-link-secret'

/** A stack's variables with every port it listens on chosen free, so runs never collide. */
export function benchEnv(extra: Record<string, string> = {}): Promise<StackEnv> {
  return freeStackEnv({ CALCOM_WEBHOOK_SECRET: CALCOM_SECRET, LINK_SIGNING_SECRET: LINK_SECRET, ...extra })
}

export interface BenchDatabase {
  /** How the figure names it. */
  label: string
  /** Added to the stack's variables: none for the embedded database, DATABASE_URL for a server. */
  env: Record<string, string>
}

/**
 * Runs a figure on the embedded database `npm start` uses, then again on a throwaway PostgreSQL
 * server where Debian's is installed: the embedded one runs every statement in turn in one
 * process, a server (as deployed) runs them side by side, so the two show how much of the time
 * is the database's.
 */
export async function onEachDatabase(print: (line: string) => void, measure: (database: BenchDatabase) => Promise<void>): Promise<void> {
  await measure({ label: 'embedded Postgres', env: {} })
  const server = await startPostgresServer()
  if (!server) {
    print('  not measured on a PostgreSQL server: none is installed (apt-get install postgresql)')
    return
  }
  try {
    await measure({ label: 'PostgreSQL server', env: { DATABASE_URL: server.url } })
  } finally {
    server.stop()
  }
}

/**
 * One more worker process against a running stack's database: `scripts/stack/workerServer.ts`
 * under Deno with the flags the stack uses, the stack's variables and a WORKER_PORT of its own.
 * Nothing wakes it; it polls once a second, as any extra worker would.
 */
export async function startExtraWorker(stack: LocalStack, env: Record<string, string | undefined>): Promise<ChildProcess> {
  const port = await freePort()
  return startDenoProcess({
    script: 'scripts/stack/workerServer.ts',
    readyLine: 'worker ready',
    port: { port, what: 'extra worker', variable: 'WORKER_PORT' },
    env: { ...env, DATABASE_URL: stack.databaseUrl, WORKER_PORT: String(port) },
    onOutput: () => {},
  })
}

export async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map(stopProcess))
}

/**
 * The Deno servers (`…Server.ts`) that `parent` started, found in /proc: startLocalStack does
 * not hand out its children, and the benchmarks must signal them by process id.
 */
export function denoServersOf(parent: number): { name: string; pid: number }[] {
  const found: { name: string; pid: number }[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // pid (comm) state ppid …: comm may hold spaces or parentheses, so read after the last ')'.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(ppid) !== parent || state === 'Z') continue
      const script = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').find((arg) => arg.endsWith('Server.ts'))
      if (script) found.push({ name: script.replace(/^.*\//, ''), pid: Number(entry) })
    } catch {
      // Gone meanwhile.
    }
  }
  return found
}
