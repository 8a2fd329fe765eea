import { describe, expect, it } from 'vitest'
import { airtableMembers, postgresMembers } from '../../supabase/functions/_shared/messages/broadcast/audience.ts'
import { useAirtableMsw } from '../support/airtable/useAirtableMsw.ts'
import { useTestDatabase } from '../support/database.ts'
import { addMember } from './support.ts'

const airtable = useAirtableMsw()
const db = useTestDatabase()

describe('a broadcast’s members', () => {
  it('are every row of Airtable’s Members, across pages, half-filled rows included', async () => {
    const { standIn, client } = airtable.open()
    const inserted = Array.from({ length: 130 }, (_, i) => standIn.insert('Members', { Name: `Member ${i}`, Phone: `+614000${String(i).padStart(5, '0')}`, 'Time Zone': 'Australia/Perth' }))
    const blank = standIn.insert('Members', { Email: 'no-name@example.com' })

    const members = await airtableMembers(client)()
    expect(members).toHaveLength(131)
    expect(members.map((member) => member.id).sort()).toEqual([...inserted.map((row) => row.id), blank.id].sort())
    expect(members.find((member) => member.id === inserted[129]!.id)).toMatchObject({ name: 'Member 129', phone: '+61400000129', timeZone: 'Australia/Perth' })
    expect(members.find((member) => member.id === blank.id)).toMatchObject({ name: '', phone: null, email: 'no-name@example.com' })
  })

  it('are every row of Postgres’s members', async () => {
    await db.reset()
    const ids = [await addMember(db.sql, { name: 'Bea', phone: '+61400000002' }), await addMember(db.sql, { name: 'Ada', phone: null })]
    const members = await postgresMembers(db.sql)()
    expect(members.map((member) => [member.name, member.phone])).toEqual([['Ada', null], ['Bea', '+61400000002']])
    expect(members.map((member) => member.id).sort()).toEqual([...ids].sort())
  })
})
