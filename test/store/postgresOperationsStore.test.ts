import { beforeEach } from 'vitest'
import { createPostgresOperationsStore } from '../../supabase/functions/_shared/store/postgres/operationsStore.ts'
import { describeOperationsStoreContract } from '../contract/operationsStore.contract.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()
beforeEach(() => db.reset())

describeOperationsStoreContract('Postgres', async () => {
  await db.reset()
  return createPostgresOperationsStore(db.sql)
})
