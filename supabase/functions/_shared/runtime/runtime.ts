import type { Config } from '../../../../shared/config/loadConfig.ts'
import { connectDatabase, type Sql } from '../db/connect.ts'
import { createLogger, type Logger } from './logger.ts'

/**
 * What every function and worker shares in one process: config, one database pool, the logger,
 * and how to reach the worker. Each function's `wire.ts` builds only the adapters it uses from
 * this (see `build/`), so a deployed function bundles nothing it does not run.
 */
export interface Runtime {
  config: Config
  sql: Sql
  log: Logger
  /** Names this process in leases. */
  workerId: string
  /** Tells the worker that work was queued; never waits for it. */
  wake: () => void
  /** Keeps work running after the response (EdgeRuntime.waitUntil when deployed). */
  waitUntil: (work: Promise<unknown>) => void
  /** Lets tests and the bench reach provider stand-ins. */
  fetch?: typeof fetch
  /** Memoised adapters, so one process shares one Airtable client (and its batching) between them. */
  memo: Map<string, unknown>
  /**
   * Resolves once the database has answered one query. postgres.js learns the server's array
   * types in a connection's first exchange; under Deno a statement sent before that exchange
   * ends serializes its array parameters as plain text ("malformed array literal"). Serve
   * nothing before this.
   */
  ready(): Promise<void>
  close(): Promise<void>
}

export interface RuntimeOptions {
  wake?: () => void
  waitUntil?: (work: Promise<unknown>) => void
  log?: Logger
  fetch?: typeof fetch
  databaseMaxConnections?: number
}

/** The only place that connects to anything. */
export function createRuntime(config: Config, options: RuntimeOptions = {}): Runtime {
  if (!config.databaseUrl) throw new Error('DATABASE_URL (or SUPABASE_DB_URL) is required')
  const sql = connectDatabase(config.databaseUrl, { max: options.databaseMaxConnections })
  const log = options.log ?? createLogger({ secrets: config.secrets })
  const inFlight = new Set<Promise<unknown>>()
  const waitUntil =
    options.waitUntil ??
    ((work: Promise<unknown>) => {
      const tracked = work.catch((error) => log.log('error', 'background work failed', { error: String(error) })).finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
    })
  let warm: Promise<void> | undefined
  const ready = () =>
    (warm ??= sql`select 1`.then(
      () => undefined,
      (error: unknown) => {
        warm = undefined
        throw error
      },
    ))
  return {
    config,
    sql,
    log,
    ready,
    workerId: crypto.randomUUID(),
    wake: options.wake ?? (() => {}),
    waitUntil,
    fetch: options.fetch,
    memo: new Map(),
    async close() {
      await Promise.allSettled([...inFlight])
      await sql.end({ timeout: 5 })
    },
  }
}

/** One instance per runtime of whatever `build` makes. */
export function memoised<T>(rt: Runtime, key: string, build: () => T): T {
  if (!rt.memo.has(key)) rt.memo.set(key, build())
  return rt.memo.get(key) as T
}
