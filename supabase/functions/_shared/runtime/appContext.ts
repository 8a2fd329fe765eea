import type { Config } from '../../../../shared/config/loadConfig.ts'
import { connectDatabase, type Sql } from '../db/connect.ts'
import { createDeliveryLedger } from '../ledger/deliveries.ts'
import type { PipelineDeps } from '../pipeline/deps.ts'
import { createDailyRoomProvider } from '../rooms/daily/dailyRooms.ts'
import { createLocalRoomProvider } from '../rooms/local/localRooms.ts'
import { createSessionRepository } from '../sessions/sessionRepository.ts'
import { createAirtableClient } from '../store/airtable/client.ts'
import { createAirtableDirectory } from '../store/airtable/directory.ts'
import { createAirtableOperationsStore } from '../store/airtable/operationsStore.ts'
import { cachedDirectory } from '../store/cachedDirectory.ts'
import { createPostgresDirectory } from '../store/postgres/directory.ts'
import { createPostgresOperationsStore } from '../store/postgres/operationsStore.ts'
import { createLogger, type Logger } from './logger.ts'
import { createWorkQueue, type WorkQueue } from './workQueue.ts'

/** Everything a function needs; the pipeline's dependencies are a part of it. */
export interface AppContext extends Omit<PipelineDeps, 'calAppUrl' | 'workerId'> {
  config: Config
  sql: Sql
  pipeline: PipelineDeps
  /** Background pipeline work, bounded so a burst of webhooks does not crowd out the next one. */
  pipelineQueue: WorkQueue
  /** Keeps work running after the response (EdgeRuntime.waitUntil when deployed). */
  waitUntil: (work: Promise<unknown>) => void
  close(): Promise<void>
}

export interface AppContextOptions {
  waitUntil?: (work: Promise<unknown>) => void
  log?: Logger
  /** Lets tests and the bench reach provider stand-ins. */
  fetch?: typeof fetch
  databaseMaxConnections?: number
}

/**
 * How long a host or template read is reused (each session page view reads two templates; in
 * Airtable every read costs one of 5 requests a second). An operator's edit shows within this.
 */
const DIRECTORY_CACHE_MS = 60_000

/**
 * Enough concurrent pipelines to keep Airtable's 10-record batches full (a rate-limit window
 * lets 5 writes start at once, so about 50 saves must be waiting), few enough that an incoming
 * webhook's ledger write waits behind only a few statements.
 */
const PIPELINE_CONCURRENCY = 64

/** Where the local room stand-in serves its pages: beside the functions, off the same server. */
export function localRoomsUrl(config: Config): string {
  return `${new URL(config.functionsUrl).origin}/local-daily`
}

/** The key the local room stand-in signs meeting tokens with; never leaves the server. */
export function localRoomSigningKey(config: Config): string {
  return `local-daily:${config.linkSigningSecret}`
}

/**
 * Builds every dependency from config, choosing the real adapter where credentials are set
 * and the local stand-in otherwise. The only place that connects to anything.
 */
export function createAppContext(config: Config, options: AppContextOptions = {}): AppContext {
  if (!config.databaseUrl) throw new Error('DATABASE_URL (or SUPABASE_DB_URL) is required')
  const sql = connectDatabase(config.databaseUrl, { max: options.databaseMaxConnections })
  const log = options.log ?? createLogger({ secrets: config.secrets })
  const fetchImpl = options.fetch

  const airtable = config.airtable ? createAirtableClient({ ...config.airtable, fetch: fetchImpl }) : undefined
  const store = airtable ? createAirtableOperationsStore({ client: airtable }) : createPostgresOperationsStore(sql)
  const directory = cachedDirectory(airtable ? createAirtableDirectory({ client: airtable }) : createPostgresDirectory(sql), {
    ttlMs: DIRECTORY_CACHE_MS,
  })
  const rooms = config.daily
    ? createDailyRoomProvider({ apiKey: config.daily.apiKey, domain: config.daily.domain, apiUrl: config.daily.apiUrl, fetch: fetchImpl })
    : createLocalRoomProvider({ sql, baseUrl: localRoomsUrl(config), signingKey: localRoomSigningKey(config) })

  const ledger = createDeliveryLedger(sql)
  const sessions = createSessionRepository(sql)
  const inFlight = new Set<Promise<unknown>>()
  const waitUntil =
    options.waitUntil ??
    ((work: Promise<unknown>) => {
      const tracked = work.catch((error) => log.log('error', 'background work failed', { error: String(error) })).finally(() => inFlight.delete(tracked))
      inFlight.add(tracked)
    })

  return {
    config,
    sql,
    ledger,
    sessions,
    store,
    directory,
    rooms,
    log,
    waitUntil,
    pipelineQueue: createWorkQueue(PIPELINE_CONCURRENCY),
    pipeline: { ledger, sessions, store, directory, rooms, log, calAppUrl: config.calcom.appUrl, workerId: crypto.randomUUID() },
    async close() {
      await Promise.allSettled([...inFlight])
      await sql.end({ timeout: 5 })
    },
  }
}
