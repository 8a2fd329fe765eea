import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/db/embeddedPostgres.ts'

// Several clients share PGlite's one session; their extended-protocol exchanges and
// transactions must not bleed into each other.
describe('embedded Postgres served to many clients', () => {
  let pg: EmbeddedPostgres
  let clients: postgres.Sql[]

  beforeAll(async () => {
    pg = await startEmbeddedPostgres({ port: 0 })
    clients = [0, 1, 2, 3].map((k) => postgres(pg.url, { max: 4, prepare: k % 2 === 0, onnotice: () => {} }))
    await clients[0]!`create table items (id int primary key, label text)`
  })
  afterAll(async () => {
    await Promise.all(clients.map((sql) => sql.end()))
    await pg.stop()
  })

  it('answers every concurrent query with its own result', async () => {
    const mismatches: string[] = []
    await Promise.all(
      clients.flatMap((sql, k) =>
        Array.from({ length: 150 }, async (_, i) => {
          const n = k * 1000 + i
          const [row] = await sql`select ${n}::int as n, ${`label-${n}`} as label`
          if (row?.n !== n || row?.label !== `label-${n}`) mismatches.push(`${n}: ${JSON.stringify(row)}`)
        }),
      ),
    )
    expect(mismatches).toEqual([])
  })

  it('keeps each transaction to itself and rolls back only its own work', async () => {
    const outcomes = await Promise.allSettled(
      clients.flatMap((sql, k) =>
        Array.from({ length: 40 }, (_, i) =>
          sql.begin(async (tx) => {
            const id = k * 1000 + i
            await tx`insert into items (id, label) values (${id}, ${'tx'})`
            const [seen] = await tx`select count(*)::int as c from items where id = ${id}`
            if (seen?.c !== 1) throw new Error(`transaction ${id} did not see its own row`)
            if (i % 4 === 0) throw new Error('deliberate rollback')
          }),
        ),
      ),
    )
    const reasons = outcomes.flatMap((o) => (o.status === 'rejected' ? [String((o.reason as Error).message)] : []))
    expect(reasons.every((r) => r === 'deliberate rollback')).toBe(true)
    expect(reasons).toHaveLength(40)
    const [count] = await clients[1]!`select count(*)::int as c from items`
    expect(count?.c).toBe(160 - 40)
  })
})
