import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/db/embeddedPostgres.ts'
import { migrate } from '../../scripts/db/migrate.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'

const MIGRATIONS = fileURLToPath(new URL('../../supabase/migrations/', import.meta.url))

/**
 * A database migrated only up to the migrations before `migration` (e.g. '0023'), for the file:
 * a test fills it as an older version left it, then runs `migrate(sql)` to upgrade it.
 */
export function useDatabaseBefore(migration: string): { readonly sql: Sql } {
  let db: EmbeddedPostgres
  let sql: Sql
  let before: string
  beforeAll(async () => {
    db = await startEmbeddedPostgres({ port: 0 })
    sql = connectDatabase(db.url)
    before = mkdtempSync(join(tmpdir(), 'presence-migrations-'))
    for (const name of readdirSync(MIGRATIONS).filter((file) => file < migration)) cpSync(join(MIGRATIONS, name), join(before, name))
    await migrate(sql, before)
  })
  afterAll(async () => {
    await sql?.end()
    await db?.stop()
    rmSync(before, { recursive: true, force: true })
  })
  return {
    get sql() {
      return sql
    },
  }
}
