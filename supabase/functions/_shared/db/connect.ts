import postgres from 'postgres'

export type Sql = postgres.Sql
/** A pool or a transaction: anything a query can run on. */
export type Queryable = postgres.Sql | postgres.TransactionSql

/** One pool per process. Notices (e.g. "already exists, skipping") are not errors. */
export function connectDatabase(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    idle_timeout: 30,
    connect_timeout: 10,
    transform: { undefined: null },
  })
}
