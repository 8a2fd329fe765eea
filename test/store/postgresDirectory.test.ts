import { beforeEach, describe, expect, it } from 'vitest'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()
beforeEach(() => db.reset())

async function open() {
  const [jane] = await db.sql<{ id: string }[]>`
    insert into hosts (name, email, phone, bio, personality_tags, status, cal_link, time_zone)
    values ('Jane Host', 'Jane.Host@Example.com', '+61400000001', 'Listens well.', '{Calm,Warm}', 'Active', 'jane/session', 'Australia/Sydney')
    returning id::text`
  await db.sql`insert into hosts (name, email, status) values ('Gone Host', 'gone@example.com', 'Inactive')`
  const [max] = await db.sql<{ id: string }[]>`
    insert into members (name, email, phone, status) values ('Max Member', 'max@example.com', '+61400000002', 'Active') returning id::text`
  await db.sql`insert into templates (name, body) values ('Pre-Session Reminder', 'Hi {{memberName}}.')`
  return { directory: createPostgresDirectory(db.sql), ids: { jane: jane?.id as string, max: max?.id as string } }
}

describe('Postgres directory', () => {
  it('finds a host by email whatever its case, and lists only active hosts', async () => {
    const { directory, ids } = await open()
    const jane = {
      id: ids.jane,
      name: 'Jane Host',
      email: 'Jane.Host@Example.com',
      phone: '+61400000001',
      bio: 'Listens well.',
      personalityTags: ['Calm', 'Warm'],
      status: 'Active',
      calLink: 'jane/session',
      timeZone: 'Australia/Sydney',
    }
    expect(await directory.findHostByEmail('jane.host@example.COM')).toEqual(jane)
    expect(await directory.listActiveHosts()).toEqual([jane])
  })

  it('gets a member by id', async () => {
    const { directory, ids } = await open()
    expect(await directory.getMember(ids.max)).toEqual({
      id: ids.max,
      name: 'Max Member',
      email: 'max@example.com',
      phone: '+61400000002',
      timeZone: null,
      status: 'Active',
    })
  })

  it('answers null, never an error, for an unknown, malformed or hostile member id, and for a host id', async () => {
    const { directory, ids } = await open()
    for (const id of [ids.jane, '00000000-0000-4000-8000-000000000000', '', 'not-a-uuid', "' or 1=1 --", `${ids.max} `, 'recAAAAAAAAAAAAAA']) {
      expect(await directory.getMember(id), JSON.stringify(id)).toBeNull()
    }
  })

  it('gets a template by name', async () => {
    const { directory } = await open()
    expect(await directory.getTemplate('Pre-Session Reminder')).toEqual({ name: 'Pre-Session Reminder', body: 'Hi {{memberName}}.' })
    expect(await directory.getTemplate('Holiday Message')).toBeNull()
  })

  it('gets a host by id; null for an unknown or malformed id and for a member id', async () => {
    const { directory, ids } = await open()
    expect((await directory.getHost(ids.jane))?.name).toBe('Jane Host')
    for (const id of [ids.max, '00000000-0000-4000-8000-000000000000', '', "' or 1=1 --", 'recAAAAAAAAAAAAAA']) {
      expect(await directory.getHost(id), JSON.stringify(id)).toBeNull()
    }
  })

  it('finds hosts and members by E.164 phone, however the stored number was typed', async () => {
    const { directory, ids } = await open()
    await db.sql`insert into hosts (name, email, phone, status) values ('Spaced Host', 'spaced@example.com', '0412 345 678', 'Active')`
    await db.sql`insert into members (name, phone) values ('Bracket Member', '+61 (0)3 9999 1234'), ('Near Miss', '+61 412 345 670')`
    expect((await directory.findHostByPhone('+61400000001'))?.id).toBe(ids.jane)
    expect((await directory.findHostByPhone('+61412345678'))?.name).toBe('Spaced Host')
    expect((await directory.findMemberByPhone('+61400000002'))?.id).toBe(ids.max)
    expect(await directory.findMemberByPhone('+61400000001')).toBeNull()
    expect(await directory.findHostByPhone('+61400000002')).toBeNull()
    // Same last eight digits, another country: not the same phone.
    expect(await directory.findMemberByPhone('+14400000002')).toBeNull()
    for (const phone of ['', '0400000002', "' or 1=1 --", '+61 400 000 002']) {
      expect(await directory.findMemberByPhone(phone), JSON.stringify(phone)).toBeNull()
    }
  })

  it('creates a member and finds it by phone and by id', async () => {
    const { directory } = await open()
    const created = await directory.createMember({ name: 'New Member', email: 'new@example.com', phone: '+61411111111', timeZone: 'Australia/Perth', status: null })
    expect(created).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'New Member', email: 'new@example.com', phone: '+61411111111', timeZone: 'Australia/Perth', status: null })
    expect(await directory.findMemberByPhone('+61411111111')).toEqual(created)
    expect(await directory.getMember(created.id)).toEqual(created)
  })
})
