import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type postgres from 'postgres'

export const MIGRATIONS_DIR = new URL('../../supabase/migrations/', import.meta.url).pathname

/**
 * Applies `supabase/migrations/*.sql` in file-name order, each once, each in its own
 * transaction, and records it in `schema_migrations`. Returns the names it applied.
 */
export async function migrate(sql: postgres.Sql, dir = MIGRATIONS_DIR): Promise<string[]> {
  await sql`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`
  const applied = new Set((await sql<{ name: string }[]>`select name from schema_migrations`).map((row) => row.name))
  const files = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort()
  const ran: string[] = []
  for (const name of files) {
    if (applied.has(name)) continue
    const text = await readFile(join(dir, name), 'utf8')
    await sql.begin(async (tx) => {
      await tx.unsafe(text).simple()
      await tx`insert into schema_migrations (name) values (${name})`
    })
    ran.push(name)
  }
  return ran
}
