import { HOSTS_TABLE, MEMBERS_TABLE, TEMPLATES_TABLE } from '../../../../../shared/operations/fields.ts'
import type { Host } from '../../../../../shared/operations/record.ts'
import type { Sql } from '../../db/connect.ts'
import type { Directory } from '../directory.ts'
import { columnsOf, fromRow } from './columns.ts'

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
      return row ? { id: row.id, ...fromRow(MEMBERS_TABLE.fields, row) } : null
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
