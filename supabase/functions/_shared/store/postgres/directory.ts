import type { Host, Member, Template } from '../../../../../shared/operations/record.ts'
import type { Sql } from '../../db/connect.ts'
import type { Directory } from '../directory.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

interface HostRow {
  id: string
  name: string
  email: string
  phone: string | null
  bio: string | null
  personality_tags: string[]
  status: Host['status']
  cal_link: string | null
  time_zone: string | null
}

/** Hosts, Members and Templates in Postgres: the embedded default. Member ids are uuids. */
export function createPostgresDirectory(sql: Sql): Directory {
  return {
    kind: 'postgres',

    async findHostByEmail(email) {
      const [row] = await sql<HostRow[]>`select * from hosts where lower(email) = lower(${email})`
      return row ? toHost(row) : null
    },

    async getMember(id) {
      if (!UUID.test(id)) return null
      const [row] = await sql<Member[]>`
        select id::text, name, email, phone, time_zone as "timeZone", status from members where id = ${id}`
      return row ?? null
    },

    async listActiveHosts() {
      const rows = await sql<HostRow[]>`select * from hosts where status = 'Active' order by name`
      return rows.map(toHost)
    },

    async getTemplate(name) {
      const [row] = await sql<Template[]>`select name, body from templates where name = ${name}`
      return row ?? null
    },
  }
}

function toHost(row: HostRow): Host {
  return {
    id: String(row.id),
    name: row.name,
    email: row.email,
    phone: row.phone,
    bio: row.bio,
    personalityTags: row.personality_tags,
    status: row.status,
    calLink: row.cal_link,
    timeZone: row.time_zone,
  }
}
