import { describe, expect, it } from 'vitest'
import type { AirtableStandInOptions } from '../support/airtable/airtableStandIn.ts'
import { createAirtableDirectory } from '../../supabase/functions/_shared/store/airtable/directory.ts'
import { useAirtableMsw } from '../support/airtable/useAirtableMsw.ts'

const airtable = useAirtableMsw()

function open(standInOptions: AirtableStandInOptions = {}) {
  const { standIn, client } = airtable.open({ standIn: standInOptions })
  const jane = standIn.insert('Hosts', {
    Name: 'Jane Host',
    Email: 'Jane.Host@Example.com',
    Phone: '+61400000001',
    Bio: 'Listens well.',
    'Personality Tags': ['Calm', 'Warm'],
    Status: 'Active',
    'Cal.com Link': 'jane/session',
    'Time Zone': 'Australia/Sydney',
  })
  const hostile = standIn.insert('Hosts', { Name: 'Odd Host', Email: `o'brien"\\}@example.com`, Status: 'Active' })
  standIn.insert('Hosts', { Name: 'Gone Host', Email: 'gone@example.com', Status: 'Inactive' })
  const max = standIn.insert('Members', { Name: 'Max Member', Email: 'max@example.com', Phone: '+61400000002', Status: 'Active' })
  standIn.insert('Templates', { Name: 'Pre-Session Reminder', Body: 'Hi {{memberName}}, see you at {{startTime}}.' })
  const session = standIn.insert('Presence Operations', { 'Cal.com Booking ID': 'uid-1', 'Member Email': 'max@example.com' })
  return {
    standIn,
    directory: createAirtableDirectory({ client }),
    ids: { jane: jane.id, hostile: hostile.id, max: max.id, session: session.id },
  }
}

describe('Airtable directory', () => {
  it('finds a host by email whatever its case', async () => {
    const { directory, ids } = open()
    expect(await directory.findHostByEmail('jane.host@example.COM')).toEqual({
      id: ids.jane,
      name: 'Jane Host',
      email: 'Jane.Host@Example.com',
      phone: '+61400000001',
      bio: 'Listens well.',
      personalityTags: ['Calm', 'Warm'],
      status: 'Active',
      calLink: 'jane/session',
      timeZone: 'Australia/Sydney',
    })
  })

  it('escapes a hostile email: finds it exactly, and a near miss finds nothing', async () => {
    const { directory, standIn, ids } = open()
    expect((await directory.findHostByEmail(`O'BRIEN"\\}@example.com`))?.id).toBe(ids.hostile)
    expect(await directory.findHostByEmail(`o'brien"}@example.com`)).toBeNull()
    expect(await directory.findHostByEmail(`") , TRUE(), ("`)).toBeNull()
    expect(standIn.requestLog.every((entry) => entry.status === 200)).toBe(true)
  })

  it('lists only active hosts', async () => {
    const { directory } = open()
    expect((await directory.listActiveHosts()).map((h) => h.name).sort()).toEqual(['Jane Host', 'Odd Host'])
  })

  it('gets a member by record id in one request, and null for an unknown one', async () => {
    const { directory, standIn, ids } = open()
    expect(await directory.getMember(ids.max)).toEqual({
      id: ids.max,
      name: 'Max Member',
      email: 'max@example.com',
      phone: '+61400000002',
      timeZone: null,
      status: 'Active',
    })
    expect(standIn.stats.requests).toBe(1)
    expect(await directory.getMember('recAAAAAAAAAAAAAA')).toBeNull()
  })

  it('does not take a Hosts or a Presence Operations record id for a member', async () => {
    const { directory, ids } = open()
    expect(await directory.getMember(ids.jane)).toBeNull()
    expect(await directory.getMember(ids.session)).toBeNull()
  })

  it('reads an id Airtable answers 403 INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND for as an unknown member', async () => {
    const { directory, standIn, ids } = open({ missingRecordAnswer: 403 })
    expect(await directory.getMember('recAAAAAAAAAAAAAA')).toBeNull()
    standIn.failNext(1, 403)
    expect(await directory.getMember(ids.max)).toBeNull()
  })

  it('lets an Airtable outage fail the lookup, so the delivery is retried rather than the member dropped', async () => {
    const { directory, standIn, ids } = open()
    standIn.failNext(1, 503)
    await expect(directory.getMember(ids.max)).rejects.toMatchObject({ retryable: true })
  })

  it('answers null without a request for a malformed id', async () => {
    const { directory, standIn } = open()
    for (const id of ['', 'rec123', 'recAAAAAAAAAAAAAA/../x', "recAAAAAAAAAAAAA'", 'recAAAAAAAAAAAAAAA', 'RECAAAAAAAAAAAAAA', '9f1c2d3e-uuid', ' recAAAAAAAAAAAAAA']) {
      expect(await directory.getMember(id), JSON.stringify(id)).toBeNull()
    }
    expect(standIn.stats.requests).toBe(0)
  })

  it('gets a template by name', async () => {
    const { directory } = open()
    expect(await directory.getTemplate('Pre-Session Reminder')).toEqual({
      name: 'Pre-Session Reminder',
      body: 'Hi {{memberName}}, see you at {{startTime}}.',
    })
    expect(await directory.getTemplate('Holiday Message')).toBeNull()
  })
})
