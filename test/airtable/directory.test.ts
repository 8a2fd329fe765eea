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

  it('gets a host by record id in one request; null for a member or unknown id, and no request for a malformed one', async () => {
    const { directory, standIn, ids } = open()
    expect((await directory.getHost(ids.jane))?.name).toBe('Jane Host')
    expect(standIn.stats.requests).toBe(1)
    expect(await directory.getHost(ids.max)).toBeNull()
    expect(await directory.getHost('recAAAAAAAAAAAAAA')).toBeNull()
    const before = standIn.stats.requests
    for (const id of ['', "recAAAAAAAAAAAAA'", '9f1c2d3e-uuid']) expect(await directory.getHost(id)).toBeNull()
    expect(standIn.stats.requests).toBe(before)
  })

  it('finds hosts and members by E.164 phone in one request each, however the cell was typed', async () => {
    const { directory, standIn, ids } = open()
    const spaced = standIn.insert('Hosts', { Name: 'Spaced Host', Email: 'spaced@example.com', Phone: '0412 345 678', Status: 'Active' })
    const bracket = standIn.insert('Members', { Name: 'Bracket Member', Phone: '+61 (0)3 9999-1234' })
    standIn.insert('Members', { Name: 'Other Country', Phone: '+1 440 000 0002' })
    const start = standIn.stats.requests
    expect((await directory.findHostByPhone('+61400000001'))?.id).toBe(ids.jane)
    expect((await directory.findHostByPhone('+61412345678'))?.id).toBe(spaced.id)
    expect((await directory.findMemberByPhone('+61400000002'))?.id).toBe(ids.max)
    expect((await directory.findMemberByPhone('+61399991234'))?.id).toBe(bracket.id)
    expect(await directory.findMemberByPhone('+61400000001')).toBeNull()
    expect(standIn.stats.requests - start).toBe(5)
    expect(standIn.requestLog.every((entry) => entry.status === 200)).toBe(true)
  })

  it('asks nothing for a phone that is not E.164, hostile text included', async () => {
    const { directory, standIn } = open()
    for (const phone of ['', '0400000002', `") , TRUE(), ("`, '+61 400 000 002', '+61400000002"']) {
      expect(await directory.findMemberByPhone(phone), JSON.stringify(phone)).toBeNull()
      expect(await directory.findHostByPhone(phone), JSON.stringify(phone)).toBeNull()
    }
    expect(standIn.stats.requests).toBe(0)
  })

  it('creates a member record and finds it by phone afterwards', async () => {
    const { directory, standIn } = open()
    const created = await directory.createMember({ name: 'New Member', email: 'new@example.com', phone: '+61411111111', timeZone: 'Australia/Perth', status: null })
    expect(created).toEqual({ id: expect.stringMatching(/^rec[A-Za-z0-9]{14}$/), name: 'New Member', email: 'new@example.com', phone: '+61411111111', timeZone: 'Australia/Perth', status: null })
    expect(standIn.records('Members').find((record) => record.id === created.id)?.fields).toEqual({
      Name: 'New Member',
      Email: 'new@example.com',
      Phone: '+61411111111',
      'Time Zone': 'Australia/Perth',
    })
    expect(await directory.findMemberByPhone('+61411111111')).toEqual(created)
  })

  it('makes one attempt at creating a member: an outage fails it as retryable and writes nothing', async () => {
    const { directory, standIn } = open()
    const before = standIn.records('Members').length
    standIn.failNext(1, 503)
    await expect(
      directory.createMember({ name: 'New Member', email: 'new@example.com', phone: '+61411111111', timeZone: null, status: null }),
    ).rejects.toMatchObject({ retryable: true })
    expect(standIn.records('Members')).toHaveLength(before)
    expect(standIn.stats.requests).toBe(1)
  })
})
