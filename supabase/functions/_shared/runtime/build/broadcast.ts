import { airtableMembers, postgresMembers, type ListMembers } from '../../messages/broadcast/audience.ts'
import type { Runtime } from '../runtime.ts'
import { airtableClientOf } from './airtable.ts'

/** The members a broadcast reaches: Airtable's Members when configured, else Postgres's, as the directory reads them. */
export function broadcastMembersOf(rt: Runtime): ListMembers {
  const client = airtableClientOf(rt)
  return client ? airtableMembers(client) : postgresMembers(rt.sql)
}
