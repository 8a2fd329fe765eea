import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../support/ports.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Every provider credential and database variable, blank: a `.env` in the checkout cannot fill them in. */
const NO_CREDENTIALS = Object.fromEntries(
  [
    'DATABASE_URL', 'SUPABASE_DB_URL', 'FUNCTIONS_URL', 'CALCOM_WEBHOOK_SECRET', 'CALCOM_API_KEY', 'AIRTABLE_API_KEY', 'AIRTABLE_BASE_ID',
    'DAILY_API_KEY', 'DAILY_DOMAIN', 'DAILY_WEBHOOK_SECRET', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM',
    'TWILIO_MESSAGING_SERVICE_SID', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'LINK_SIGNING_SECRET', 'SUPABASE_SERVICE_ROLE_KEY',
  ].map((name) => [name, '']),
)

export interface Ports {
  FUNCTIONS_PORT: string
  DB_PORT: string
  WEB_PORT: string
  WORKER_PORT: string
}

/** Four ports nothing listens on, chosen at once so they differ. */
export async function freeStackPorts(): Promise<Ports> {
  const ports = new Set<number>()
  while (ports.size < 4) ports.add(await freePort())
  const [functions, db, web, worker] = [...ports].map(String) as [string, string, string, string]
  return { FUNCTIONS_PORT: functions, DB_PORT: db, WEB_PORT: web, WORKER_PORT: worker }
}

export interface StartRun {
  /** Everything printed so far, stdout and stderr together. */
  output(): string
  /** Resolves when `text` has been printed; rejects if the process exits first. */
  printed(text: string): Promise<void>
  exited: Promise<number | null>
  interrupt(): void
}

/** package.json's `start` script: the command `npm start` runs. */
const START_COMMAND = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ')

/** `npm start` as a newcomer runs it (package.json's command), with only the given variables. */
export function runStart(ports: Ports, env: Record<string, string> = {}, args: string[] = []): StartRun {
  const [command, ...commandArgs] = START_COMMAND as [string, ...string[]]
  const child = spawn(command, [...commandArgs, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...NO_CREDENTIALS, APP_URL: `http://127.0.0.1:${ports.WEB_PORT}`, ...ports, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so Ctrl-C can be sent the way a terminal sends it: to every process of the group.
    detached: true,
  })
  let text = ''
  const waiters: { text: string; resolve: () => void }[] = []
  const onData = (chunk: Buffer) => {
    text += chunk.toString()
    for (const waiter of waiters.filter((w) => text.includes(w.text))) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  }
  child.stdout.on('data', onData)
  child.stderr.on('data', onData)
  const exited = once(child, 'close').then(([code]) => code as number | null)
  return {
    output: () => text,
    printed: (wanted) =>
      text.includes(wanted)
        ? Promise.resolve()
        : Promise.race([
            new Promise<void>((resolve) => waiters.push({ text: wanted, resolve })),
            exited.then((code) => Promise.reject(new Error(`npm start exited (${code}) before printing "${wanted}":\n${text}`))),
          ]),
    exited,
    interrupt: () => process.kill(-child.pid!, 'SIGINT'),
  }
}
