import type { Host, Member, Template } from '../../../../shared/operations/record.ts'

/** Hosts, Members and Templates: read by the pipeline, edited by operators. */
export interface Directory {
  readonly kind: 'airtable' | 'postgres'
  /** Case-insensitive match on the host's email. */
  findHostByEmail(email: string): Promise<Host | null>
  /** A member by record id; null for an unknown or malformed id, or another table's (ids come from browsers). */
  getMember(id: string): Promise<Member | null>
  listActiveHosts(): Promise<Host[]>
  getTemplate(name: string): Promise<Template | null>
}
