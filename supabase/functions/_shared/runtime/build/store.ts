import { defaultPolicy, type RetryPolicy } from '../../retry/retryPolicy.ts'
import { AIRTABLE_RETRY } from '../../store/airtable/retryPolicy.ts'
import { createAirtableOperationsStore } from '../../store/airtable/operationsStore.ts'
import type { OperationsStore } from '../../store/operationsStore.ts'
import { createPostgresOperationsStore } from '../../store/postgres/operationsStore.ts'
import { memoised, type Runtime } from '../runtime.ts'
import { airtableClientOf } from './airtable.ts'

/** Postgres errors that reach a job are a lost connection or a crash: worth retrying for a while. */
const POSTGRES_STORE_RETRY = defaultPolicy({ maxAttempts: 10, baseMs: 1_000, maxMs: 60_000 })

/** Presence Operations: the operators' Airtable base when configured, else Postgres. */
export function storeOf(rt: Runtime): { store: OperationsStore; retry: RetryPolicy } {
  return memoised(rt, 'store', () => {
    const client = airtableClientOf(rt)
    return client
      ? { store: createAirtableOperationsStore({ client }), retry: AIRTABLE_RETRY }
      : { store: createPostgresOperationsStore(rt.sql), retry: POSTGRES_STORE_RETRY }
  })
}
