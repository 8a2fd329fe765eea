import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../supabase/functions/_shared/errors.ts'
import { fromAirtableRecord } from '../../supabase/functions/_shared/store/airtable/operationFields.ts'
import { createAirtableOperationsStore } from '../../supabase/functions/_shared/store/airtable/operationsStore.ts'
import { createRateLimiter } from '../../supabase/functions/_shared/store/airtable/rateLimiter.ts'
import { sampleRecord } from '../contract/operationsStore.contract.ts'
import { useAirtableMsw } from '../support/airtable/useAirtableMsw.ts'

const airtable = useAirtableMsw()
const OPS = 'Presence Operations'

function open(options: Parameters<typeof airtable.open>[0] = {}) {
  const { standIn, client } = airtable.open(options)
  const store = createAirtableOperationsStore({ client })
  const writes = () => standIn.requestLog.filter((entry) => entry.method === 'PATCH')
  return { standIn, client, store, writes }
}

describe('Airtable operations store: batching', () => {
  it('coalesces 25 concurrent single-record saves into at most 3 write requests', async () => {
    const { store, writes, standIn } = open()
    await Promise.all(Array.from({ length: 25 }, (_, i) => store.save([sampleRecord(`uid-${i}`)])))
    expect(writes().length).toBeLessThanOrEqual(3)
    expect(standIn.records(OPS)).toHaveLength(25)
  })

  it('coalesces saves that arrive while the limiter is busy', async () => {
    const { store, writes, standIn } = open({ client: { limiter: createRateLimiter({ limit: 1, windowMs: 1_000 }) } })
    await store.save([sampleRecord('uid-first')])
    // The limiter now has no slot for a second: these gather in the queue meanwhile.
    const later = Array.from({ length: 12 }, async (_, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 5))
      await store.save([sampleRecord(`uid-later-${i}`)])
    })
    await Promise.all(later)
    expect(writes().length).toBeLessThanOrEqual(3)
    expect(standIn.records(OPS)).toHaveLength(13)
  })

  it('a later save of the same booking supersedes a queued one: one write, latest fields', async () => {
    const { store, writes, standIn } = open()
    await Promise.all([
      store.save([sampleRecord('uid-same', { bookingStatus: 'Pending' })]),
      store.save([sampleRecord('uid-same', { bookingStatus: 'Created', roomName: 'room-1' })]),
      store.save([sampleRecord('uid-same', { bookingStatus: 'Cancelled', cancellationReason: 'Sick' })]),
    ])
    expect(writes()).toHaveLength(1)
    expect(standIn.records(OPS)).toHaveLength(1)
    const saved = await store.get('session-uid-same')
    expect(saved?.bookingStatus).toBe('Cancelled')
    expect(saved?.cancellationReason).toBe('Sick')
    expect(saved?.roomName).toBeNull()
  })

  it('a reschedule saved together with the booking it replaces still ends as one record (the session is the key)', async () => {
    const { store, standIn } = open()
    await Promise.all([
      store.save([sampleRecord('uid-a', { sessionId: 'session-1', roomName: 'room-a' })]),
      store.save([sampleRecord('uid-b', { sessionId: 'session-1', previousBookingIds: ['uid-a'], roomName: 'room-a' })]),
    ])
    expect(standIn.records(OPS).map((r) => r.fields['Cal.com Booking ID'])).toEqual(['uid-b'])
  })

  it('removing records deletes only those sessions, ten at a time', async () => {
    const { store, standIn } = open()
    await store.save(Array.from({ length: 12 }, (_, i) => sampleRecord(`uid-${i}`)))
    await store.remove(Array.from({ length: 11 }, (_, i) => `session-uid-${i}`))
    expect(standIn.records(OPS).map((r) => r.fields['Session ID'])).toEqual(['session-uid-11'])
    const deletes = standIn.requestLog.filter((entry) => entry.method === 'DELETE')
    expect(deletes).toHaveLength(2)
  })

  it('one record Airtable refuses fails only its own save, not the others in its batch', async () => {
    const { store, standIn } = open()
    // An operator turned Member Phone into a number field: any record with a phone is refused.
    standIn.setFieldType(OPS, 'Member Phone', 'number')
    const results = await Promise.allSettled([
      store.save([sampleRecord('uid-ok-1', { memberPhone: null })]),
      store.save([sampleRecord('uid-bad', { memberPhone: '+61400000000' })]),
      store.save([sampleRecord('uid-ok-2', { memberPhone: null })]),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    const failure = (results[1] as PromiseRejectedResult).reason
    expect(failure).toBeInstanceOf(ProviderError)
    expect(failure.message).toContain('INVALID_VALUE_FOR_COLUMN')
    expect(standIn.records(OPS).map((r) => r.fields['Cal.com Booking ID']).sort()).toEqual(['uid-ok-1', 'uid-ok-2'])
  })

  it('when Airtable stays down, every waiting save fails with a retryable error', async () => {
    const { store, standIn } = open()
    standIn.failNext(10, 503)
    const results = await Promise.allSettled([store.save([sampleRecord('uid-1')]), store.save([sampleRecord('uid-2')])])
    for (const result of results) {
      expect(result.status).toBe('rejected')
      expect((result as PromiseRejectedResult).reason).toMatchObject({ retryable: true, provider: 'airtable' })
    }
  })

  it('a record with an unreadable time fails its caller before anything is queued', async () => {
    const { store, standIn } = open()
    await expect(store.save([sampleRecord('uid-1', { sessionStart: 'next tuesday' })])).rejects.toThrow(/sessionStart/)
    expect(standIn.stats.requests).toBe(0)
  })
})

describe('Airtable operations store: escaping and reading', () => {
  const hostile = [`o'brien`, 'say "hi"', 'back\\slash', 'brace}', `'"\\}`, `"),TRUE(),("`, `x" & "y`, 'a\nb', '\\n']

  it('finds uids holding quotes, backslashes, braces and line breaks exactly (the stand-in rejects bad escaping)', async () => {
    const { store, standIn } = open()
    await store.save(hostile.map((uid) => sampleRecord(uid, { sessionId: uid })))
    for (const uid of hostile) {
      expect((await store.findByBookingId(uid))?.bookingId, JSON.stringify(uid)).toBe(uid)
      expect((await store.get(uid))?.sessionId, JSON.stringify(uid)).toBe(uid)
    }
    expect(await store.findByBookingId('say "hi')).toBeNull()
    expect(await store.get('back\\\\slash')).toBeNull()
    await store.remove(hostile)
    expect(standIn.records(OPS)).toHaveLength(0)
    expect(standIn.requestLog.every((entry) => entry.status === 200)).toBe(true)
  })

  it('keeps hostile previous uids intact in Previous Booking IDs', async () => {
    const { store } = open()
    await store.save([sampleRecord('new-2', { previousBookingIds: [`old'"\\}`, 'old\nline', 'never-saved\\n'] })])
    expect((await store.findByBookingId('new-2'))?.previousBookingIds).toEqual([`old'"\\}`, 'old\nline', 'never-saved\\n'])
  })

  it('reads cells Airtable leaves out as false and null', async () => {
    const { store, standIn } = open()
    standIn.insert(OPS, {
      'Session ID': 'session-uid-typed-by-operator',
      'Cal.com Booking ID': 'uid-typed-by-operator',
      'Session Start Time': '2030-03-01T09:00:00.000Z',
      'Session End Time': '2030-03-01T09:30:00.000Z',
    })
    expect(await store.get('session-uid-typed-by-operator')).toEqual({
      ...sampleRecord('uid-typed-by-operator'),
      sessionStart: '2030-03-01T09:00:00.000Z',
      sessionEnd: '2030-03-01T09:30:00.000Z',
      bookingStatus: null,
      roomStatus: 'Not Created',
      title: null,
      hostName: null,
      hostEmail: null,
      memberName: null,
      memberEmail: null,
      memberPhone: null,
      calUrl: null,
    })
  })

  it('clears a cell when a field becomes null or false', async () => {
    const { store, standIn } = open()
    await store.save([sampleRecord('uid-1', { hostJoined: true, roomName: 'room' })])
    await store.save([sampleRecord('uid-1', { hostJoined: false, roomName: null })])
    const [record] = standIn.records(OPS)
    expect(record?.fields).not.toHaveProperty('Host Joined')
    expect(record?.fields).not.toHaveProperty('Video Room Name')
  })

  it('normalizes date-times Airtable returns to toISOString() form', () => {
    const record = fromAirtableRecord({
      id: 'recAAAAAAAAAAAAAA',
      createdTime: '2030-01-01T00:00:00.000Z',
      fields: {
        'Session ID': 'session-1',
        'Session Start Time': '2030-01-01T10:00:00Z',
        'Session End Time': '2030-01-01T21:30:00+11:00',
      },
    })
    expect(record.sessionStart).toBe('2030-01-01T10:00:00.000Z')
    expect(record.sessionEnd).toBe('2030-01-01T10:30:00.000Z')
  })

  it('names the record and every field when an operator put something unreadable in cells', () => {
    const read = () =>
      fromAirtableRecord({
        id: 'recBBBBBBBBBBBBBB',
        createdTime: '2030-01-01T00:00:00.000Z',
        fields: { 'Session ID': 'session-1', 'Booking Status': 'Maybe', 'Session Start Time': 'x', 'Session End Time': '2030-01-01T10:00:00Z' },
      })
    expect(read).toThrow(ProviderError)
    expect(read).toThrow(/Presence Operations record recBBBBBBBBBBBBBB.*Booking Status.*Session Start Time/s)
  })

  it('leaves rows without a start time out of a window', async () => {
    const { store, standIn } = open()
    standIn.insert(OPS, { 'Session ID': 'session-undated', 'Cal.com Booking ID': 'uid-undated' })
    await store.save([sampleRecord('uid-dated')])
    const found = await store.listStartingBetween(new Date('2000-01-01'), new Date('2100-01-01'))
    expect(found.map((r) => r.bookingId)).toEqual(['uid-dated'])
  })
})
