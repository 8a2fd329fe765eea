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
function valueFor(field: FieldSpec, key: string, id: string, filled: boolean, dateTimesBefore: number): unknown {
  switch (field.kind) {
    case 'key':
      return id
    case 'dateTime':
      return new Date(START + dateTimesBefore * HALF_HOUR).toISOString()
    case 'optionalDateTime':
      return filled ? new Date(START + dateTimesBefore * HALF_HOUR).toISOString() : null
    case 'text':
      return filled ? `${key} of ${id}` : null
    case 'textOrBlank':
      return filled ? `${key} of ${id}` : ''
    case 'cents':
      return filled ? 1333 : null
    case 'minutes':
      return filled ? 42 : null
    case 'flag':
      return filled
    case 'rating':
      return filled ? 4 : null
    case 'idList':
      return filled ? [`${id}-first`, `${id}-second`] : []
    case 'tags':
      return filled ? ['one', 'two'] : []
    case 'choice':
      return filled ? field.options.find((option) => option !== field.whenEmpty) : field.whenEmpty
    case 'optionalChoice':
      return filled ? field.options[field.options.length - 1] : null
  }
}

function recordFor(id: string, filled: boolean): OperationRecord {
  const record: Record<string, unknown> = {}
  let dateTimes = 0
  for (const [key, field] of Object.entries(OPERATIONS_TABLE.fields)) {
    record[key] = valueFor(field, key, id, filled, dateTimes)
    if (field.kind === 'optionalDateTime') dateTimes++
  }
  return record as OperationRecord
}

/** Every field holding a value, none of them what an empty cell reads as. */
export function filledRecord(sessionId: string): OperationRecord {
  return recordFor(sessionId, true)
}

/** A paid session nobody has booked yet: every booking field empty. */
export function unbookedRecord(sessionId: string): OperationRecord {
  return { ...recordFor(sessionId, false), paymentStatus: 'Paid', creditStatus: 'Available', plan: 'Weekly', amountCents: 1334, hostShareCents: 1000, platformShareCents: 334 }
}

/** A booking as the webhook first records it (`session-<bookingId>` is its session): the booking's details, no room, no feedback. */
export function sampleRecord(bookingId: string, overrides: Partial<OperationRecord> = {}): OperationRecord {
  return {
    ...recordFor(`session-${bookingId}`, false),
    bookingId,
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
    it('returns null for a session or booking it has never seen', async () => {
      const store = await open()
      expect(await store.get('never-seen')).toBeNull()
      expect(await store.findByBookingId('never-seen')).toBeNull()
    })

    it('saves a record and reads back every field, by session id and by booking id', async () => {
      const store = await open()
      const record = filledRecord('session-round-trip')
      await store.save([record])
      expect(await store.get('session-round-trip')).toEqual(record)
      expect(await store.findByBookingId(record.bookingId!)).toEqual(record)
    })

    it('keeps a paid session that is not booked yet: no booking id, no times, no booking status', async () => {
      const store = await open()
      const record = unbookedRecord('paid-unbooked')
      await store.save([record])
      expect(await store.get('paid-unbooked')).toEqual(record)
    })

    it('upserts on the session id: saving twice leaves one record with the latest fields', async () => {
      const store = await open()
      await store.save([sampleRecord('uid-upsert')])
      await store.save([sampleRecord('uid-upsert', { bookingStatus: 'Cancelled', cancellationReason: 'Host unwell' })])
      const found = await store.get('session-uid-upsert')
      expect(found?.bookingStatus).toBe('Cancelled')
      expect(found?.cancellationReason).toBe('Host unwell')
      const all = await store.listStartingBetween(new Date('2029-01-01'), new Date('2031-01-01'))
      expect(all.filter((r) => r.bookingId === 'uid-upsert')).toHaveLength(1)
    })

    it('stores and finds session and booking ids exactly, whatever characters they hold', async () => {
      const store = await open()
      const hostile = [`it's`, 'say "hi"', 'back\\slash', 'brace}', `all'"\\}{`, "x') , TRUE(), ('", 'ünï-çødé ✓', 'line\nbreak']
      await store.save(hostile.map((id) => sampleRecord(id, { sessionId: id })))
      for (const id of hostile) {
        expect((await store.get(id))?.sessionId, `lookup of session ${JSON.stringify(id)}`).toBe(id)
        expect((await store.findByBookingId(id))?.bookingId, `lookup of booking ${JSON.stringify(id)}`).toBe(id)
      }
      // A near miss must not match.
      expect(await store.get(`it`)).toBeNull()
      expect(await store.findByBookingId(`brace`)).toBeNull()
    })

    it('keeps one record through a reschedule: the same session under its new booking id', async () => {
      const store = await open()
      await store.save([sampleRecord('uid-old', { sessionId: 'session-moved', roomName: 'presence-room-1' })])
      await store.save([
        sampleRecord('uid-new', {
          sessionId: 'session-moved',
          previousBookingIds: ['uid-old'],
          sessionStart: '2030-01-02T10:00:00.000Z',
          sessionEnd: '2030-01-02T10:30:00.000Z',
          roomName: 'presence-room-1',
        }),
      ])
      expect(await store.findByBookingId('uid-old')).toBeNull()
      const moved = await store.findByBookingId('uid-new')
      expect(moved?.previousBookingIds).toEqual(['uid-old'])
      expect(moved?.sessionStart).toBe('2030-01-02T10:00:00.000Z')
      const all = await store.listStartingBetween(new Date('2029-01-01'), new Date('2031-01-01'))
      expect(all.filter((r) => r.roomName === 'presence-room-1')).toHaveLength(1)
    })

    it('removes the records it is told to, leaves the rest, and does not mind ones already gone', async () => {
      const store = await open()
      await store.save([sampleRecord('uid-gone-a'), sampleRecord('uid-gone-b'), sampleRecord('uid-stays')])
      await store.remove(['session-uid-gone-a', 'session-uid-gone-b', 'session-never-there'])
      expect(await store.get('session-uid-gone-a')).toBeNull()
      expect(await store.get('session-uid-gone-b')).toBeNull()
      expect((await store.get('session-uid-stays'))?.bookingId).toBe('uid-stays')
      await store.remove(['session-uid-gone-a'])
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
        unbookedRecord('paid-not-booked'),
        sampleRecord('uid-before', { sessionStart: '2030-06-01T08:59:59.000Z' }),
        sampleRecord('uid-after', { sessionStart: '2030-06-01T09:10:00.000Z' }),
      ])
      const found = await store.listStartingBetween(new Date('2030-06-01T09:00:00Z'), new Date('2030-06-01T09:10:00Z'))
      expect(found.map((r) => r.bookingId).sort()).toEqual(inside.map((r) => r.bookingId).sort())
    })
  })
}
