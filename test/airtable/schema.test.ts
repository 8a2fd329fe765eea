import { FIELD_TABLES } from '../../shared/operations/fields.ts'
import { describe, expect, it } from 'vitest'
import { checkAirtableSchema } from '../../supabase/functions/_shared/store/airtable/schema.ts'
import { runAirtableCheck } from '../../scripts/cli/airtableCheck.ts'
import { TEST_API_URL, useAirtableMsw } from '../support/airtable/useAirtableMsw.ts'

const airtable = useAirtableMsw()
const empty = { missingTables: [], missingFields: [], wrongTypes: [], missingOptions: [] }

describe('Airtable schema check', () => {
  it('a base built as documented has everything', async () => {
    const { client } = airtable.open()
    expect(await checkAirtableSchema(client)).toEqual(empty)
  })

  it('reports a dropped field with its expected type, and a missing table', async () => {
    const { client, standIn } = airtable.open()
    standIn.dropField('Presence Operations', 'Session End Time')
    standIn.dropTable('Templates')
    expect(await checkAirtableSchema(client)).toEqual({
      ...empty,
      missingTables: ['Templates'],
      missingFields: [{ table: 'Presence Operations', field: 'Session End Time', type: 'dateTime' }],
    })
  })

  it('reports a wrong type and a missing select option', async () => {
    const { client, standIn } = airtable.open()
    standIn.setFieldType('Presence Operations', 'Host Joined', 'singleLineText')
    standIn.removeChoice('Presence Operations', 'Booking Status', 'Completed')
    expect(await checkAirtableSchema(client)).toEqual({
      ...empty,
      wrongTypes: [{ table: 'Presence Operations', field: 'Host Joined', expected: 'checkbox', actual: 'singleLineText' }],
      missingOptions: [{ table: 'Presence Operations', field: 'Booking Status', option: 'Completed' }],
    })
  })
})

describe('presence airtable check', () => {
  it('prints OK and exits 0 for a complete base', async () => {
    const { standIn } = airtable.open()
    const lines: string[] = []
    const code = await runAirtableCheck({ apiKey: standIn.apiKey, baseId: standIn.baseId, apiUrl: TEST_API_URL }, (l) => lines.push(l))
    expect(code).toBe(0)
    expect(lines.join('\n')).toMatch(`OK: all 4 tables and ${FIELD_TABLES.reduce((sum, table) => sum + Object.keys(table.fields).length, 0)} fields`)
  })

  it('lists what is missing with expected types and exits 1', async () => {
    const { standIn } = airtable.open()
    standIn.dropField('Hosts', 'Status')
    standIn.dropTable('Templates')
    const lines: string[] = []
    const code = await runAirtableCheck({ apiKey: standIn.apiKey, baseId: standIn.baseId, apiUrl: TEST_API_URL }, (l) => lines.push(l))
    expect(code).toBe(1)
    const output = lines.join('\n')
    expect(output).toContain('MISSING TABLE  "Templates"')
    expect(output).toContain('    Body (multilineText)')
    expect(output).toContain('MISSING FIELD  "Hosts" > "Status" (singleSelect: Active, Inactive)')
    expect(output).toContain('2 problems found.')
  })

  it('says why when the base cannot be read, and exits 2', async () => {
    const { standIn } = airtable.open()
    const lines: string[] = []
    const code = await runAirtableCheck({ apiKey: 'wrong', baseId: standIn.baseId, apiUrl: TEST_API_URL }, (l) => lines.push(l))
    expect(code).toBe(2)
    expect(lines[0]).toContain('AUTHENTICATION_REQUIRED')
  })
})
