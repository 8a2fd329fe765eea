import { createAirtableOperationsStore } from '../../supabase/functions/_shared/store/airtable/operationsStore.ts'
import { describeOperationsStoreContract } from '../contract/operationsStore.contract.ts'
import { useAirtableMsw } from '../support/airtable/useAirtableMsw.ts'

const airtable = useAirtableMsw()

describeOperationsStoreContract('Airtable adapter on the msw stand-in', async () =>
  createAirtableOperationsStore({ client: airtable.open().client }),
)
