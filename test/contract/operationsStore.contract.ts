import { describe, expect, it } from 'vitest'
import type { OperationRecord } from '../../shared/operations/record.ts'
import type { OperationsStore } from '../../supabase/functions/_shared/store/operationsStore.ts'

export function sampleRecord(bookingId: string, overrides: Partial<OperationRecord> = {}): OperationRecord {
  return {
    bookingId,
    previousBookingIds: [],
    bookingStatus: 'Created',
    roomStatus: 'Not Created',
    roomUrl: null,
    roomName: null,
    sessionStart: '2030-01-01T10:00:00.000Z',
    sessionEnd: '2030-01-01T10:30:00.000Z',
    title: '30 min session',
    hostName: 'Jane Host',
    hostEmail: 'jane@example.com',
    hostId: null,
    memberName: 'Max Member',
    memberEmail: 'max@example.com',
    memberPhone: '+61400000000',
    memberId: null,
    calUrl: 'https://cal.com/booking/' + encodeURIComponent(bookingId),
    cancellationReason: null,
    rescheduleRequested: false,
    hostJoined: false,
    memberJoined: false,
    hostRating: null,
    hostComment: null,
    memberRating: null,
    memberComment: null,
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
      const record = sampleRecord('uid-round-trip', {
        roomStatus: 'Active',
        roomUrl: 'https://presence.daily.co/presence-abc',
        roomName: 'presence-abc',
        hostId: 'host-1',
        memberId: 'member-1',
        previousBookingIds: [],
        cancellationReason: null,
        memberJoined: true,
        memberRating: 4,
        memberComment: 'Lovely, thank you',
      })
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
