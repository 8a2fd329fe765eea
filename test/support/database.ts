import { afterAll, beforeAll } from 'vitest'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/db/embeddedPostgres.ts'
import { migrate } from '../../scripts/db/migrate.ts'

export interface TestDatabase {
  url: string
  sql: Sql
  /** Empties every table the migrations made (not schema_migrations). */
  reset(): Promise<void>
}

/**
 * A real Postgres for one test file: an in-memory PGlite on a free port, migrated. Set
 * TEST_DATABASE_URL to run the same tests against a Postgres server instead (each file then
 * works in its own fresh schema).
 */
export function useTestDatabase(): TestDatabase {
  let embedded: EmbeddedPostgres | undefined
  const handle = { url: '', sql: undefined as unknown as Sql } as TestDatabase

  beforeAll(async () => {
    const serverUrl = process.env.TEST_DATABASE_URL
    if (serverUrl) {
      const schema = `test_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`
      const admin = connectDatabase(serverUrl, { max: 1 })
      await admin.unsafe(`create schema ${schema}`)
      await admin.end()
      const url = new URL(serverUrl)
      url.searchParams.set('options', `-c search_path=${schema},public`)
      handle.url = url.toString()
    } else {
      embedded = await startEmbeddedPostgres({ port: 0 })
      handle.url = embedded.url
    }
    handle.sql = connectDatabase(handle.url)
    await migrate(handle.sql)
  })

  afterAll(async () => {
    await handle.sql?.end({ timeout: 1 })
    await embedded?.stop()
  })

  handle.reset = async () => {
    const tables = await handle.sql<{ tablename: string }[]>`
      select tablename from pg_tables where schemaname = current_schema() and tablename <> 'schema_migrations'`
    if (tables.length > 0) await handle.sql.unsafe(`truncate ${tables.map((t) => `"${t.tablename}"`).join(', ')} cascade`)
  }
  return handle
}
