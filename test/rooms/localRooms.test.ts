import { beforeEach, describe, expect, it } from 'vitest'
import { createLocalRoomProvider } from '../../supabase/functions/_shared/rooms/local/localRooms.ts'
import type { LocalRoomRow } from '../../supabase/functions/_shared/rooms/local/localRoomsTable.ts'
import { useTestDatabase } from '../support/database.ts'
import { describeRoomProviderContract, NOW } from './roomProvider.contract.ts'

const db = useTestDatabase()
beforeEach(() => db.reset())

const BASE_URL = 'http://127.0.0.1:54321/local-daily'
const SIGNING_KEY = 'local-rooms-test-key'

type Row = Omit<LocalRoomRow, 'name'>

async function row(name: string): Promise<Row | undefined> {
  const [found] = await db.sql<Row[]>`select nbf, exp, privacy, created_at, updated_at, deleted_at from local_rooms where name = ${name}`
  return found
}

describeRoomProviderContract('local (Postgres)', async () => {
  await db.reset()
  return {
    provider: createLocalRoomProvider({ sql: db.sql, baseUrl: BASE_URL, signingKey: SIGNING_KEY, now: () => NOW }),
    async stored(name) {
      const found = await row(name)
      return found && !found.deleted_at ? { nbf: found.nbf, exp: found.exp, privacy: found.privacy } : null
    },
    urlOf: (name) => `${BASE_URL}/${name}`,
    tokenKey: SIGNING_KEY,
    domainId: 'local',
  }
})

describe('local room provider', () => {
  const spec = { name: 'presence-l1', nbf: new Date('2030-01-01T09:45:00Z'), exp: new Date('2030-01-01T10:45:00Z') }

  it('keeps a deleted room as a row marked deleted, and revives it as new on ensure', async () => {
    let clock = NOW
    const rooms = createLocalRoomProvider({ sql: db.sql, baseUrl: `${BASE_URL}/`, signingKey: SIGNING_KEY, now: () => clock })
    expect((await rooms.ensureRoom(spec)).url).toBe(`${BASE_URL}/presence-l1`)

    clock = new Date('2030-01-01T09:10:00Z')
    await rooms.deleteRoom('presence-l1')
    expect(await row('presence-l1')).toMatchObject({ deleted_at: clock })

    clock = new Date('2030-01-01T09:20:00Z')
    await rooms.deleteRoom('presence-l1')
    expect(await row('presence-l1')).toMatchObject({ deleted_at: new Date('2030-01-01T09:10:00Z') })

    await rooms.ensureRoom(spec)
    expect(await row('presence-l1')).toMatchObject({ deleted_at: null, created_at: clock, updated_at: clock })
  })

  it('an update keeps created_at and moves updated_at', async () => {
    let clock = NOW
    const rooms = createLocalRoomProvider({ sql: db.sql, baseUrl: BASE_URL, signingKey: SIGNING_KEY, now: () => clock })
    await rooms.ensureRoom(spec)
    clock = new Date('2030-01-01T09:30:00Z')
    await rooms.ensureRoom({ ...spec, exp: new Date('2030-01-01T11:00:00Z') })
    expect(await row('presence-l1')).toMatchObject({ created_at: NOW, updated_at: clock, exp: new Date('2030-01-01T11:00:00Z') })
  })

  it('two concurrent ensures of one name leave one room', async () => {
    const rooms = createLocalRoomProvider({ sql: db.sql, baseUrl: BASE_URL, signingKey: SIGNING_KEY, now: () => NOW })
    await Promise.all([rooms.ensureRoom(spec), rooms.ensureRoom(spec)])
    const rows = await db.sql<{ count: number }[]>`select count(*)::int as count from local_rooms`
    expect(rows[0]?.count).toBe(1)
  })
})
