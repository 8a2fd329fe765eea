import { describe, expect, it } from 'vitest'
import type { FieldSpec } from '../../shared/operations/fieldSpec.ts'
import { OPERATIONS_TABLE } from '../../shared/operations/fields.ts'
import type { OperationRecord } from '../../shared/operations/record.ts'
import type { OperationsStore } from '../../supabase/functions/_shared/store/operationsStore.ts'

const START = Date.UTC(2030, 0, 1, 10)
const HALF_HOUR = 1_800_000

/**
 * A value for every declared field, so a field added to the declaration is stored and read back
 * by every test without touching this file. `filled` gives each field a value an empty cell
 * could never read as; otherwise each field holds what an empty cell reads as. Date-times
 * follow each other by half an hour (the start, then the end).
 */
function valueFor(field: FieldSpec, key: string, bookingId: string, filled: boolean, dateTimesBefore: number): unknown {
  switch (field.kind) {
    case 'key':
      return bookingId
    case 'dateTime':
      return new Date(START + dateTimesBefore * HALF_HOUR).toISOString()
    case 'text':
      return filled ? `${key} of ${bookingId}` : null
    case 'textOrBlank':
      return filled ? `${key} of ${bookingId}` : ''
    case 'flag':
      return filled
    case 'rating':
      return filled ? 4 : null
    case 'idList':
      return filled ? [`${bookingId}-first`, `${bookingId}-second`] : []
    case 'tags':
      return filled ? ['one', 'two'] : []
    case 'choice':
      return filled ? field.options.find((option) => option !== field.whenEmpty) : field.whenEmpty
  }
}

function recordFor(bookingId: string, filled: boolean): OperationRecord {
  const record: Record<string, unknown> = {}
  let dateTimes = 0
  for (const [key, field] of Object.entries(OPERATIONS_TABLE.fields)) {
    record[key] = valueFor(field, key, bookingId, filled, dateTimes)
    if (field.kind === 'dateTime') dateTimes++
  }
  return record as OperationRecord
}

/** Every field holding a value, none of them what an empty cell reads as. */
export function filledRecord(bookingId: string): OperationRecord {
  return recordFor(bookingId, true)
}

/** A booking as the webhook first records it: the booking's details, no room, no feedback. */
export function sampleRecord(bookingId: string, overrides: Partial<OperationRecord> = {}): OperationRecord {
  return {
    ...recordFor(bookingId, false),
    bookingStatus: 'Created',
    sessionStart: '2030-01-01T10:00:00.000Z',
    sessionEnd: '2030-01-01T10:30:00.000Z',
    title: '30 min session',
    hostName: 'Jane Host',
    hostEmail: 'jane@example.com',
    memberName: 'Max Member',
    memberEmail: 'max@example.com',
    memberPhone: '+61400000000',
    calUrl: 'https://cal.com/booking/' + encodeURIComponent(bookingId),
    ...overrides,
  }
}

/**
 * The behaviour every OperationsStore adapter must have. `open` gives a fresh, empty store.
 */
export function describeOperationsStoreContract(name: string, open: () => Promise<OperationsStore>): void {
  describe(`OperationsStore contract: ${name}`, () => {
    it('returns null for a booking it has never seen', async () => {
      const store = await open()
      expect(await store.get('never-seen')).toBeNull()
    })

    it('saves a record and reads back every field', async () => {
      const store = await open()
      const record = filledRecord('uid-round-trip')
      await store.save([record])
      expect(await store.get('uid-round-trip')).toEqual(record)
    })

    it('upserts on the booking id: saving twice leaves one record with the latest fields', async () => {
      const store = await open()
      await store.save([sampleRecord('uid-upsert')])
      await store.save([sampleRecord('uid-upsert', { bookingStatus: 'Cancelled', cancellationReason: 'Host unwell' })])
      const found = await store.get('uid-upsert')
      expect(found?.bookingStatus).toBe('Cancelled')
      expect(found?.cancellationReason).toBe('Host unwell')
      const all = await store.listStartingBetween(new Date('2029-01-01'), new Date('2031-01-01'))
      expect(all.filter((r) => r.bookingId === 'uid-upsert')).toHaveLength(1)
    })

    it('stores and finds booking ids exactly, whatever characters they hold', async () => {
      const store = await open()
      const hostile = [`it's`, 'say "hi"', 'back\\slash', 'brace}', `all'"\\}{`, "x') , TRUE(), ('", 'ünï-çødé ✓', 'line\nbreak']
      await store.save(hostile.map((id) => sampleRecord(id)))
      for (const id of hostile) {
        const found = await store.get(id)
        expect(found?.bookingId, `lookup of ${JSON.stringify(id)}`).toBe(id)
      }
      // A near miss must not match.
      expect(await store.get(`it`)).toBeNull()
      expect(await store.get(`brace`)).toBeNull()
    })

    it('renames the record on reschedule instead of creating a second one', async () => {
      const store = await open()
      await store.save([sampleRecord('uid-old', { roomName: 'presence-room-1' })])
      await store.save([
        sampleRecord('uid-new', {
          previousBookingIds: ['uid-old'],
          sessionStart: '2030-01-02T10:00:00.000Z',
          sessionEnd: '2030-01-02T10:30:00.000Z',
          roomName: 'presence-room-1',
        }),
      ])
      expect(await store.get('uid-old')).toBeNull()
      const moved = await store.get('uid-new')
      expect(moved?.previousBookingIds).toEqual(['uid-old'])
      expect(moved?.sessionStart).toBe('2030-01-02T10:00:00.000Z')
      const all = await store.listStartingBetween(new Date('2029-01-01'), new Date('2031-01-01'))
      expect(all.filter((r) => r.roomName === 'presence-room-1')).toHaveLength(1)
    })

    it('removes a record left under a previous booking id when the session already has one under the new id', async () => {
      const store = await open()
      await store.save([sampleRecord('uid-merge-old', { roomName: 'room-a' }), sampleRecord('uid-merge-new', { roomName: 'room-b' })])
      await store.save([sampleRecord('uid-merge-new', { previousBookingIds: ['uid-merge-old'], roomName: 'room-a' })])
      expect(await store.get('uid-merge-old')).toBeNull()
      expect((await store.get('uid-merge-new'))?.roomName).toBe('room-a')
    })

    it('saves many records at once (more than one batch)', async () => {
      const store = await open()
      const records = Array.from({ length: 23 }, (_, i) =>
        sampleRecord(`uid-batch-${i}`, { sessionStart: `2030-02-01T${String(i).padStart(2, '0')}:00:00.000Z`, sessionEnd: `2030-02-01T${String(i).padStart(2, '0')}:30:00.000Z` }),
      )
      await store.save(records)
      const found = await store.listStartingBetween(new Date('2030-02-01T00:00:00Z'), new Date('2030-02-02T00:00:00Z'))
      expect(found.map((r) => r.bookingId).sort()).toEqual(records.map((r) => r.bookingId).sort())
    })

    it('lists only sessions starting inside the window, across pages', async () => {
      const store = await open()
      const inside = Array.from({ length: 120 }, (_, i) =>
        sampleRecord(`uid-window-${i}`, { sessionStart: new Date(Date.UTC(2030, 5, 1, 9, 0, i)).toISOString(), sessionEnd: new Date(Date.UTC(2030, 5, 1, 10)).toISOString() }),
      )
      await store.save([
        ...inside,
        sampleRecord('uid-before', { sessionStart: '2030-06-01T08:59:59.000Z' }),
        sampleRecord('uid-after', { sessionStart: '2030-06-01T09:10:00.000Z' }),
      ])
      const found = await store.listStartingBetween(new Date('2030-06-01T09:00:00Z'), new Date('2030-06-01T09:10:00Z'))
      expect(found.map((r) => r.bookingId).sort()).toEqual(inside.map((r) => r.bookingId).sort())
    })
  })
}
