import { beforeEach, expect, it } from 'vitest'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { rememberMembersFound } from '../../supabase/functions/dashboard/membersFound.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()
const PHONE = '+61400000009'
let clock = 0
let reads = 0

beforeEach(async () => {
  await db.reset()
  clock = 0
  reads = 0
})

function members(maxEntries = 10) {
  const directory = createPostgresDirectory(db.sql)
  const counted = { findMemberByPhone: (phone: string) => (reads++, directory.findMemberByPhone(phone)) }
  return rememberMembersFound(counted, { ttlMs: 60_000, maxEntries, now: () => clock })
}

const addMember = (phone: string, name: string) => db.sql`insert into members (name, email, phone) values (${name}, ${`${name}@example.com`}, ${phone})`

it('asks again for a phone with no member, so one created at sign-in is found by the next request', async () => {
  const lookup = members()
  expect(await lookup.findMemberByPhone(PHONE)).toBeNull()
  await addMember(PHONE, 'Max')
  expect(await lookup.findMemberByPhone(PHONE)).toMatchObject({ name: 'Max' })
  expect(reads).toBe(2)
})

it('remembers a member found for a minute, then reads the record again', async () => {
  await addMember(PHONE, 'Max')
  const lookup = members()
  await lookup.findMemberByPhone(PHONE)
  await db.sql`update members set name = 'Max Renamed' where phone = ${PHONE}`
  clock = 59_999
  expect(await lookup.findMemberByPhone(PHONE)).toMatchObject({ name: 'Max' })
  expect(reads).toBe(1)
  clock = 60_000
  expect(await lookup.findMemberByPhone(PHONE)).toMatchObject({ name: 'Max Renamed' })
  expect(reads).toBe(2)
})

it('keeps at most maxEntries phones, dropping the oldest', async () => {
  await addMember('+61400000001', 'One')
  await addMember('+61400000002', 'Two')
  await addMember('+61400000003', 'Three')
  const lookup = members(2)
  for (const phone of ['+61400000001', '+61400000002', '+61400000003']) await lookup.findMemberByPhone(phone)
  await lookup.findMemberByPhone('+61400000003')
  await lookup.findMemberByPhone('+61400000002')
  expect(reads).toBe(3)
  await lookup.findMemberByPhone('+61400000001')
  expect(reads).toBe(4)
})
