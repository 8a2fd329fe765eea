import type { Host, Member, Template } from '../../../../shared/operations/record.ts'

/** Hosts, Members and Templates: read by the pipeline, edited by operators. */
export interface Directory {
  readonly kind: 'airtable' | 'postgres'
  /** Case-insensitive match on the host's email. */
  findHostByEmail(email: string): Promise<Host | null>
  /** A member by record id; null for an unknown or malformed id, or another table's (ids come from browsers). */
  getMember(id: string): Promise<Member | null>
  /** A host by record id; null for an unknown or malformed id (ids come from browsers). */
  getHost(id: string): Promise<Host | null>
  /** The host whose `Phone` is this E.164 number, for sign-in. */
  findHostByPhone(phone: string): Promise<Host | null>
  /** The member whose `Phone` is this E.164 number, for sign-in. */
  findMemberByPhone(phone: string): Promise<Member | null>
  /** Adds a member (first sign-in); returns it with its record id. */
  createMember(member: Omit<Member, 'id'>): Promise<Member>
  listActiveHosts(): Promise<Host[]>
  getTemplate(name: string): Promise<Template | null>
}
