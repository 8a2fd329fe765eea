import { describe, expect, it } from 'vitest'
import type { Host } from '../../shared/operations/record.ts'
import { cachedDirectory } from '../../supabase/functions/_shared/store/cachedDirectory.ts'
import type { Directory } from '../../supabase/functions/_shared/store/directory.ts'

const jane: Host = { id: 'rec1', name: 'Jane', email: 'jane@x.example', phone: null, bio: null, personalityTags: [], status: 'Active', calLink: null, timeZone: null }

function countingDirectory(failFirst = false) {
  const calls = { hosts: 0, members: 0 }
  const directory: Directory = {
    kind: 'airtable',
    async findHostByEmail(email) {
      calls.hosts++
      if (failFirst && calls.hosts === 1) throw new Error('429')
      return email.toLowerCase() === jane.email ? jane : null
    },
    async getMember() {
      calls.members++
      return null
    },
    async getHost(id) {
      calls.hosts++
      return id === jane.id ? jane : null
    },
    async findHostByPhone() {
      calls.hosts++
      return null
    },
    async findMemberByPhone() {
      calls.members++
      return null
    },
    async createMember(member) {
      calls.members++
      return { id: `rec${calls.members}`, ...member }
    },
    listActiveHosts: async () => [jane],
    getTemplate: async () => null,
  }
  return { directory, calls }
}

describe('cachedDirectory', () => {
  it('answers repeated host lookups from memory until the TTL passes', async () => {
    let clock = 0
    const { directory, calls } = countingDirectory()
    const cached = cachedDirectory(directory, { ttlMs: 1000, now: () => clock })
    await Promise.all(Array.from({ length: 50 }, () => cached.findHostByEmail('JANE@x.example')))
    expect(await cached.findHostByEmail('jane@x.example')).toEqual(jane)
    expect(await cached.findHostByEmail('nobody@x.example')).toBeNull()
    expect(calls.hosts).toBe(2)
    clock = 1001
    await cached.findHostByEmail('jane@x.example')
    expect(calls.hosts).toBe(3)
  })

  it('does not remember a failed read, and never caches members', async () => {
    const { directory, calls } = countingDirectory(true)
    const cached = cachedDirectory(directory, { ttlMs: 1000 })
    await expect(cached.findHostByEmail('jane@x.example')).rejects.toThrow('429')
    expect(await cached.findHostByEmail('jane@x.example')).toEqual(jane)
    await cached.getMember('rec2')
    await cached.getMember('rec2')
    expect(calls.members).toBe(2)
  })

  it('remembers hosts by id and by phone, but asks again for a member by phone, so one created at sign-in is found', async () => {
    const { directory, calls } = countingDirectory()
    const cached = cachedDirectory(directory, { ttlMs: 1000, now: () => 0 })
    expect(await cached.getHost('rec1')).toEqual(jane)
    expect(await cached.getHost('rec1')).toEqual(jane)
    await cached.findHostByPhone('+61400000001')
    await cached.findHostByPhone('+61400000001')
    expect(calls.hosts).toBe(2)
    await cached.findMemberByPhone('+61400000002')
    await cached.createMember({ name: 'Max', email: 'max@x.example', phone: '+61400000002', timeZone: null, status: null })
    await cached.findMemberByPhone('+61400000002')
    expect(calls.members).toBe(3)
  })
})
