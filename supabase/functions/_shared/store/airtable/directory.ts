import { z } from 'zod'
import { HOST_FIELDS as H, MEMBER_FIELDS as M, TABLES, TEMPLATE_FIELDS as T } from '../../../../../shared/operations/fields.ts'
import type { Host, Member, Template } from '../../../../../shared/operations/record.ts'
import { ProviderError } from '../../errors.ts'
import type { Directory } from '../directory.ts'
import type { AirtableClient, AirtableRecord } from './client.ts'
import { fieldEquals, fieldEqualsIgnoringCase } from './formula.ts'

/** Airtable record ids: `rec` and 14 letters or digits. Anything else is not worth a request. */
const RECORD_ID = /^rec[A-Za-z0-9]{14}$/

export interface AirtableDirectoryOptions {
  client: AirtableClient
}

// Operators fill these tables by hand: half-filled rows read as empty values rather than failing.
const text = z.string().optional()

const hostCellsSchema = z.object({
  [H.name]: text,
  [H.email]: text,
  [H.phone]: text,
  [H.bio]: text,
  [H.personalityTags]: z.array(z.string()).optional(),
  [H.status]: text,
  [H.calLink]: text,
  [H.timeZone]: text,
})

const memberCellsSchema = z.object({
  [M.name]: text,
  [M.email]: text,
  [M.phone]: text,
  [M.timeZone]: text,
  [M.status]: text,
})

const templateCellsSchema = z.object({ [T.name]: text, [T.body]: text })

/** Hosts, Members and Templates from the operators' Airtable base. */
export function createAirtableDirectory({ client }: AirtableDirectoryOptions): Directory {
  return {
    kind: 'airtable',

    async findHostByEmail(email) {
      const wanted = email.trim().toLowerCase()
      if (wanted === '') return null
      const found = await client.listRecords(TABLES.hosts, { filterByFormula: fieldEqualsIgnoringCase(H.email, wanted) })
      const match = found.find((row) => {
        const cell = row.fields[H.email]
        return typeof cell === 'string' && cell.toLowerCase() === wanted
      })
      return match ? toHost(match) : null
    },

    async getMember(id) {
      if (!RECORD_ID.test(id)) return null
      const row = await client.getRecord(TABLES.members, id)
      return row ? toMember(row) : null
    },

    async listActiveHosts() {
      const found = await client.listRecords(TABLES.hosts, { filterByFormula: fieldEquals(H.status, 'Active') })
      return found.map(toHost)
    },

    async getTemplate(name) {
      const found = await client.listRecords(TABLES.templates, { filterByFormula: fieldEquals(T.name, name) })
      const match = found.find((row) => row.fields[T.name] === name)
      if (!match) return null
      const cells = parseCells(templateCellsSchema, match, TABLES.templates)
      const template: Template = { name, body: cells[T.body] ?? '' }
      return template
    },
  }
}

function toHost(row: AirtableRecord): Host {
  const cells = parseCells(hostCellsSchema, row, TABLES.hosts)
  return {
    id: row.id,
    name: cells[H.name] ?? '',
    email: cells[H.email] ?? '',
    phone: cells[H.phone] ?? null,
    bio: cells[H.bio] ?? null,
    personalityTags: cells[H.personalityTags] ?? [],
    status: cells[H.status] === 'Active' ? 'Active' : 'Inactive',
    calLink: cells[H.calLink] ?? null,
    timeZone: cells[H.timeZone] ?? null,
  }
}

function toMember(row: AirtableRecord): Member {
  const cells = parseCells(memberCellsSchema, row, TABLES.members)
  return {
    id: row.id,
    name: cells[M.name] ?? '',
    email: cells[M.email] ?? null,
    phone: cells[M.phone] ?? null,
    timeZone: cells[M.timeZone] ?? null,
    status: cells[M.status] ?? null,
  }
}

function parseCells<S extends z.ZodType>(schema: S, row: AirtableRecord, table: string): z.infer<S> {
  const parsed = schema.safeParse(row.fields)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')
  throw new ProviderError('airtable', `${table} record ${row.id} cannot be read (${problems})`, false)
}
