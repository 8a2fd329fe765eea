import type { RecordOf } from './fieldSpec.ts'
import type { HOSTS_TABLE, MEMBERS_TABLE, OPERATIONS_TABLE, TEMPLATES_TABLE } from './fields.ts'

/** One Presence Operations record: a session as operators see it. Times are ISO 8601 UTC. */
export interface OperationRecord extends RecordOf<typeof OPERATIONS_TABLE.fields> {}

/** `id` is the record id: Airtable's `rec…`, a uuid in Postgres. */
export interface Host extends RecordOf<typeof HOSTS_TABLE.fields> {
  id: string
}

export interface Member extends RecordOf<typeof MEMBERS_TABLE.fields> {
  id: string
}

export interface Template extends RecordOf<typeof TEMPLATES_TABLE.fields> {}
