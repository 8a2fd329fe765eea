import type { Config } from '../../shared/config/loadConfig.ts'
import { describeError } from '../../supabase/functions/_shared/errors.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createRuntime, type Runtime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import { databaseFailureReason } from '../stack/databaseCheck.ts'
import { EXIT, warn, type CliIo } from './io.ts'
import { redactSecrets } from './text.ts'

const UNDEFINED_TABLE = '42P01'

/** DATABASE_URL when set, otherwise the embedded Postgres that `npm start` serves. */
export function cliDatabaseUrl(config: Config): string {
  return config.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${config.ports.db}/postgres`
}

/** The URL with its password (in the authority or a `password` parameter) replaced by ***. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***')
    return parsed.toString()
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
  }
}

/**
 * Runs `work` with a runtime built from config, as the functions and the worker build theirs,
 * so a retry uses the configured store and room provider. Checks the inbox and the outbox are
 * reachable first, and always closes the pool so the process can exit.
 */
export async function withRuntime(config: Config, io: CliIo, work: (rt: Runtime) => Promise<number>): Promise<number> {
  const databaseUrl = cliDatabaseUrl(config)
  // The worker's warnings would duplicate the outcome each command prints from its result.
  const rt = createRuntime({ ...config, databaseUrl }, { log: silentLogger, databaseMaxConnections: 2 })
  try {
    try {
      await rt.sql`select 1 from webhook_deliveries, outbox_jobs limit 0`
    } catch (error) {
      warn(io, describeConnectionError(error, databaseUrl, config.secrets))
      return EXIT.failed
    }
    return await work(rt)
  } finally {
    await rt.close()
  }
}

function describeConnectionError(error: unknown, databaseUrl: string, secrets: string[]): string {
  const shown = redactDatabaseUrl(databaseUrl)
  if ((error as { code?: string }).code === UNDEFINED_TABLE) {
    return `The database at ${shown} is missing Presence tables (${describeError(error)}) — run npm start once to apply the migrations.`
  }
  const reason = redactSecrets(databaseFailureReason(error, databaseUrl), secrets)
  return `Cannot reach the database at ${shown} — start the stack with npm start, or set DATABASE_URL (${reason})`
}
