import { describe, expect, it } from 'vitest'
import { FIELD_TABLES } from '../../shared/operations/fields.ts'

/** The names the operators' base already uses (DESIGN.md): renaming one here would break it. */
const OPERATORS_NAMES: Record<string, string[]> = {
  'Presence Operations': [
    'Cal.com Booking ID',
    'Video Room URL',
    'Video Room Status',
    'Booking Status',
    'Host Joined',
    'Member Joined',
    'Session Start Time',
    'Member Name',
    'Host Name',
    'Cal.com URL',
  ],
  Hosts: ['Name', 'Email', 'Phone', 'Bio', 'Personality Tags', 'Status', 'Cal.com Link', 'Time Zone'],
  Members: ['Name', 'Email', 'Phone', 'Time Zone', 'Status'],
  Templates: ['Name', 'Body'],
}

describe('the field declaration', () => {
  it('declares every table and field name the operators’ base uses, spelled exactly', () => {
    for (const [table, names] of Object.entries(OPERATORS_NAMES)) {
      const declared = FIELD_TABLES.find((candidate) => candidate.airtable === table)
      expect(declared, table).toBeDefined()
      expect(Object.values(declared?.fields ?? {}).map((field) => field.airtable)).toEqual(expect.arrayContaining(names))
    }
  })

  it('gives each field of a table its own Airtable name and Postgres column', () => {
    for (const table of FIELD_TABLES) {
      const fields = Object.values(table.fields)
      expect(new Set(fields.map((field) => field.airtable)).size, table.airtable).toBe(fields.length)
      expect(new Set(fields.map((field) => field.column)).size, table.postgres).toBe(fields.length)
    }
  })

  it('names only fields a formula can refer to', () => {
    // Airtable has no escape for `}` inside `{Field Name}`.
    for (const table of FIELD_TABLES) for (const field of Object.values(table.fields)) expect(field.airtable).not.toContain('}')
  })

  it('reads an empty or unknown select as one of its options', () => {
    for (const table of FIELD_TABLES) {
      for (const field of Object.values(table.fields)) {
        if (field.kind !== 'choice') continue
        expect(field.options, field.airtable).toContain(field.whenEmpty)
        if (field.whenOther !== undefined) expect(field.options, field.airtable).toContain(field.whenOther)
      }
    }
  })
})
