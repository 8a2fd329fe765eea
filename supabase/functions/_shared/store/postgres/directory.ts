import { HOSTS_TABLE, MEMBERS_TABLE, TEMPLATES_TABLE } from '../../../../../shared/operations/fields.ts'
import type { Host, Member } from '../../../../../shared/operations/record.ts'
import type { Sql } from '../../db/connect.ts'
import type { Directory } from '../directory.ts'
import { PHONE_TAIL_DIGITS, isSamePhone, phoneTail } from '../phoneMatch.ts'
import { columnsOf, fromRow, toRow } from './columns.ts'

/** Checked before the query: a malformed id would be a Postgres error, not an unknown member. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const HOST_COLUMNS = columnsOf(HOSTS_TABLE.fields)
const MEMBER_COLUMNS = columnsOf(MEMBERS_TABLE.fields)
const TEMPLATE_COLUMNS = columnsOf(TEMPLATES_TABLE.fields)

type Row = Record<string, unknown> & { id: string }

/** Hosts, Members and Templates in Postgres: the embedded default. Record ids are uuids. */
export function createPostgresDirectory(sql: Sql): Directory {
  return {
    kind: 'postgres',

    async findHostByEmail(email) {
      const [row] = await sql<Row[]>`select id::text, ${sql(HOST_COLUMNS)} from hosts where lower(email) = lower(${email})`
      return row ? toHost(row) : null
    },

    async getMember(id) {
      if (!UUID.test(id)) return null
      const [row] = await sql<Row[]>`select id::text, ${sql(MEMBER_COLUMNS)} from members where id = ${id}`
      return row ? toMember(row) : null
    },

    async getHost(id) {
      if (!UUID.test(id)) return null
      const [row] = await sql<Row[]>`select id::text, ${sql(HOST_COLUMNS)} from hosts where id = ${id}`
      return row ? toHost(row) : null
    },

    async findHostByPhone(phone) {
      const tail = phoneTail(phone)
      if (tail === null) return null
      const rows = await sql<Row[]>`
        select id::text, ${sql(HOST_COLUMNS)} from hosts
        where right(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), ${PHONE_TAIL_DIGITS}) = ${tail}
        order by name, id`
      const match = rows.find((row) => isSamePhone(row.phone as string | null, phone))
      return match ? toHost(match) : null
    },

    async findMemberByPhone(phone) {
      const tail = phoneTail(phone)
      if (tail === null) return null
      const rows = await sql<Row[]>`
        select id::text, ${sql(MEMBER_COLUMNS)} from members
        where right(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), ${PHONE_TAIL_DIGITS}) = ${tail}
        order by name, id`
      const match = rows.find((row) => isSamePhone(row.phone as string | null, phone))
      return match ? toMember(match) : null
    },

    async createMember(member) {
      const [row] = await sql<Row[]>`
        insert into members ${sql(toRow(MEMBERS_TABLE.fields, member), MEMBER_COLUMNS)}
        returning id::text, ${sql(MEMBER_COLUMNS)}`
      return toMember(row as Row)
    },

    async listActiveHosts() {
      const rows = await sql<Row[]>`select id::text, ${sql(HOST_COLUMNS)} from hosts where status = 'Active' order by name`
      return rows.map(toHost)
    },

    async getTemplate(name) {
      const [row] = await sql<Record<string, unknown>[]>`select ${sql(TEMPLATE_COLUMNS)} from templates where name = ${name}`
      return row ? fromRow(TEMPLATES_TABLE.fields, row) : null
    },
  }
}

function toHost(row: Row): Host {
  return { id: row.id, ...fromRow(HOSTS_TABLE.fields, row) }
}

function toMember(row: Row): Member {
  return { id: row.id, ...fromRow(MEMBERS_TABLE.fields, row) }
}
