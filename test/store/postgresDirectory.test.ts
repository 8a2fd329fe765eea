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
})
