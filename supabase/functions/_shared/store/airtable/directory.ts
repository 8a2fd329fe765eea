import { HOSTS_TABLE, MEMBERS_TABLE, TEMPLATES_TABLE } from '../../../../../shared/operations/fields.ts'
import type { Host, Member } from '../../../../../shared/operations/record.ts'
import { ProviderError } from '../../errors.ts'
import type { Directory } from '../directory.ts'
import { isSamePhone, phoneTail } from '../phoneMatch.ts'
import { cellsSchema, readRow, toCells } from './cells.ts'
import type { AirtableClient, AirtableRecord } from './client.ts'
import { digitsEndWith, fieldEquals, fieldEqualsIgnoringCase, recordIdEquals } from './formula.ts'
import { isUnseenRecord } from './unseenRecord.ts'

/** Airtable record ids: `rec` and 14 letters or digits. Anything else is not worth a request. */
const RECORD_ID = /^rec[A-Za-z0-9]{14}$/

const H = HOSTS_TABLE.fields
const M = MEMBERS_TABLE.fields
const T = TEMPLATES_TABLE.fields
// Operators fill these tables by hand: half-filled rows read as empty values rather than failing.
const hostCells = cellsSchema(H)
const memberCells = cellsSchema(MEMBERS_TABLE.fields)
const templateCells = cellsSchema(T)

export interface AirtableDirectoryOptions {
  client: AirtableClient
}

/** Hosts, Members and Templates from the operators' Airtable base. */
export function createAirtableDirectory({ client }: AirtableDirectoryOptions): Directory {
  /** One request; the formula narrows by the number's last digits, equality is decided on E.164 here. */
  async function findByPhone(table: string, field: string, phone: string): Promise<AirtableRecord | null> {
    const tail = phoneTail(phone)
    if (tail === null) return null
    const found = await client.listRecords(table, { filterByFormula: digitsEndWith(field, tail) })
    return found.find((row) => isSamePhone(typeof row.fields[field] === 'string' ? (row.fields[field] as string) : null, phone)) ?? null
  }

  return {
    kind: 'airtable',

    async findHostByEmail(email) {
      const wanted = email.trim().toLowerCase()
      if (wanted === '') return null
      const found = await client.listRecords(HOSTS_TABLE.airtable, { filterByFormula: fieldEqualsIgnoringCase(H.email.airtable, wanted) })
      const match = found.find((row) => {
        const cell = row.fields[H.email.airtable]
        return typeof cell === 'string' && cell.toLowerCase() === wanted
      })
      return match ? toHost(match) : null
    },

    /** Listed, not got by id, for the reason `getMember` gives. */
    async getHost(id) {
      if (!RECORD_ID.test(id)) return null
      try {
        const found = await client.listRecords(HOSTS_TABLE.airtable, { filterByFormula: recordIdEquals(id) })
        const match = found.find((row) => row.id === id)
        return match ? toHost(match) : null
      } catch (error) {
        if (isUnseenRecord(error)) return null
        throw error
      }
    },

    async findHostByPhone(phone) {
      const match = await findByPhone(HOSTS_TABLE.airtable, H.phone.airtable, phone)
      return match ? toHost(match) : null
    },

    async findMemberByPhone(phone) {
      const match = await findByPhone(MEMBERS_TABLE.airtable, M.phone.airtable, phone)
      return match ? toMember(match) : null
    },

    async createMember(member) {
      const [created] = await client.createRecords(MEMBERS_TABLE.airtable, [{ fields: toCells(M, member) }])
      if (!created) throw new ProviderError('airtable', `create ${MEMBERS_TABLE.airtable}: no record in the answer`, false)
      return toMember(created)
    },

    /**
     * The id comes from a browser. Get-record would answer a Hosts or Presence Operations record
     * too (it finds an id in any table of the base), so the Members table is listed instead,
     * filtered on the record id: one request, and only a Members record can answer.
     */
    async getMember(id) {
      if (!RECORD_ID.test(id)) return null
      try {
        const found = await client.listRecords(MEMBERS_TABLE.airtable, { filterByFormula: recordIdEquals(id) })
        const match = found.find((row) => row.id === id)
        return match ? toMember(match) : null
      } catch (error) {
        // An id Airtable will not show us is an unknown member: the booking is kept without the link.
        if (isUnseenRecord(error)) return null
        throw error
      }
    },

    async listActiveHosts() {
      const found = await client.listRecords(HOSTS_TABLE.airtable, { filterByFormula: fieldEquals(H.status.airtable, 'Active') })
      return found.map(toHost)
    },

    async getTemplate(name) {
      const found = await client.listRecords(TEMPLATES_TABLE.airtable, { filterByFormula: fieldEquals(T.name.airtable, name) })
      const match = found.find((row) => row.fields[T.name.airtable] === name)
      return match ? readRow(templateCells, match, TEMPLATES_TABLE.airtable) : null
    },
  }
}

function toHost(row: AirtableRecord): Host {
  return { id: row.id, ...readRow(hostCells, row, HOSTS_TABLE.airtable) }
}

function toMember(row: AirtableRecord): Member {
  return { id: row.id, ...readRow(memberCells, row, MEMBERS_TABLE.airtable) }
}
