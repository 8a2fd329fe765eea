import { beforeEach, describe, expect, it } from 'vitest'
import { ROOM_GRACE_AFTER_END_MS, ROOM_OPENS_BEFORE_START_MS } from '../../shared/domain/sessionTimes.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook } from '../support/pipeline.ts'

const db = useTestDatabase()

async function liveRooms() {
  return db.sql<{ name: string; nbf: Date; exp: Date }[]>`select name, nbf, exp from local_rooms where deleted_at is null`
}

describe('a Cal.com booking becomes a ready video session', () => {
  let pipeline: ReturnType<typeof createTestPipeline>
  let webhook: ReturnType<typeof createTestWebhook>

  beforeEach(async () => {
    await db.reset()
    await db.sql`insert into hosts (name, email, status) values ('Jane Rivers', 'jane@presence.example', 'Active')`
    pipeline = createTestPipeline(db)
    webhook = createTestWebhook(pipeline)
  })

  it('BOOKING_CREATED makes a Created record with host, member, times and an active private room', async () => {
    const times = sessionTimes(60 * 24)
    const response = await webhook.send(calcomEvents.created({ uid: 'bk-create', ...times }))
    expect(response.status).toBe(200)
    await webhook.settle()

    const record = await pipeline.store.findByBookingId('bk-create')
    expect(record).toMatchObject({
      bookingId: 'bk-create',
      bookingStatus: 'Created',
      roomStatus: 'Active',
      sessionStart: times.start,
      sessionEnd: times.end,
      hostName: 'Jane Rivers',
      hostEmail: 'jane@presence.example',
      memberName: 'Max Member',
      memberEmail: 'max@presence.example',
      calUrl: 'https://app.cal.com/booking/bk-create',
    })
    const [host] = await db.sql`select id::text from hosts`
    expect(record?.hostId).toBe(host?.id)
    expect(record?.roomUrl).toBe(`http://127.0.0.1:54321/local-daily/${record?.roomName}`)
    const rooms = await liveRooms()
    expect(rooms).toHaveLength(1)
    expect(rooms[0]?.nbf.getTime()).toBe(Date.parse(times.start) - ROOM_OPENS_BEFORE_START_MS)
    expect(rooms[0]?.exp.getTime()).toBe(Date.parse(times.end) + ROOM_GRACE_AFTER_END_MS)
    const [delivery] = await pipeline.inbox.list()
    expect(delivery?.status).toBe('processed')
  })

  it('the same delivery twice leaves one record, one room, and counts the duplicate', async () => {
    const body = calcomEvents.created({ uid: 'bk-dup', ...sessionTimes(120) })
    await webhook.send(body)
    const second = await webhook.send(body)
    await webhook.settle()
    expect(await second.json()).toMatchObject({ status: 'duplicate' })
    const deliveries = await pipeline.inbox.list()
    expect(deliveries).toHaveLength(1)
    expect(deliveries[0]?.duplicates).toBe(1)
    expect(await liveRooms()).toHaveLength(1)
    expect(await pipeline.store.listStartingBetween(new Date(0), new Date('2100-01-01'))).toHaveLength(1)
  })

  it('BOOKING_RESCHEDULED moves the session to the new uid, keeps the old uid resolvable and moves the room times', async () => {
    const before = sessionTimes(60)
    const after = sessionTimes(60 * 26)
    await webhook.send(calcomEvents.created({ uid: 'bk-old', ...before }))
    await webhook.settle()
    const original = await pipeline.store.findByBookingId('bk-old')

    await webhook.send(calcomEvents.rescheduled({ uid: 'bk-new', ...after, previousUid: 'bk-old', previousStart: before.start, previousEnd: before.end }))
    await webhook.settle()

    expect(await pipeline.store.findByBookingId('bk-old')).toBeNull()
    const moved = await pipeline.store.findByBookingId('bk-new')
    expect(moved).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Active', sessionStart: after.start, previousBookingIds: ['bk-old'] })
    expect(moved?.roomName).toBe(original?.roomName)
    expect((await pipeline.sessions.findByBookingId('bk-old'))?.bookingId).toBe('bk-new')
    const rooms = await liveRooms()
    expect(rooms).toHaveLength(1)
    expect(rooms[0]?.nbf.getTime()).toBe(Date.parse(after.start) - ROOM_OPENS_BEFORE_START_MS)
  })

  it('BOOKING_CANCELLED marks the record Cancelled with its reason and deletes the room', async () => {
    const times = sessionTimes(90)
    await webhook.send(calcomEvents.created({ uid: 'bk-cancel', ...times }))
    await webhook.settle()
    await webhook.send(calcomEvents.cancelled({ uid: 'bk-cancel', ...times }, { reason: 'Host unwell', requestReschedule: true }))
    await webhook.settle()

    expect(await pipeline.store.findByBookingId('bk-cancel')).toMatchObject({
      bookingStatus: 'Cancelled',
      roomStatus: 'Ended',
      cancellationReason: 'Host unwell',
      rescheduleRequested: true,
    })
    expect(await liveRooms()).toHaveLength(0)
  })

  it('BOOKING_REQUESTED is Pending with no room until the host confirms', async () => {
    const times = sessionTimes(300)
    await webhook.send(calcomEvents.requested({ uid: 'bk-req', ...times }))
    await webhook.settle()
    expect(await pipeline.store.findByBookingId('bk-req')).toMatchObject({ bookingStatus: 'Pending', roomStatus: 'Not Created', roomUrl: null })
    expect(await liveRooms()).toHaveLength(0)

    await webhook.send(calcomEvents.created({ uid: 'bk-req', ...times }))
    await webhook.settle()
    expect(await pipeline.store.findByBookingId('bk-req')).toMatchObject({ bookingStatus: 'Created', roomStatus: 'Active' })
  })

  it('BOOKING_REJECTED cancels a requested booking with the host reason', async () => {
    const times = sessionTimes(300)
    await webhook.send(calcomEvents.requested({ uid: 'bk-rej', ...times }))
    await webhook.send(calcomEvents.rejected({ uid: 'bk-rej', ...times }, 'Fully booked that day'))
    await webhook.settle()
    expect(await pipeline.store.findByBookingId('bk-rej')).toMatchObject({ bookingStatus: 'Cancelled', cancellationReason: 'Fully booked that day', roomStatus: 'Not Created' })
  })

  it('MEETING_ENDED (a flat envelope) completes the session and ends the room', async () => {
    const times = sessionTimes(-40)
    await webhook.send(calcomEvents.created({ uid: 'bk-end', ...times }))
    await webhook.settle()
    await webhook.send(calcomEvents.meetingEnded({ uid: 'bk-end', ...times }))
    await webhook.settle()
    expect(await pipeline.store.findByBookingId('bk-end')).toMatchObject({ bookingStatus: 'Completed', roomStatus: 'Ended' })
  })

  it('links the member only when metadata.memberId matches the attendee', async () => {
    const [member] = await db.sql`insert into members (name, email, phone) values ('Max Member', 'MAX@presence.example', '+61 400 000 009') returning id::text`
    const [other] = await db.sql`insert into members (name, email, phone) values ('Someone Else', 'else@presence.example', '+61400000777') returning id::text`

    await webhook.send(calcomEvents.created({ uid: 'bk-member-ok', ...sessionTimes(100), memberId: member!.id }))
    await webhook.send(calcomEvents.created({ uid: 'bk-member-phone', ...sessionTimes(101), attendeeEmail: 'new@x.example', attendeePhone: '+61400000009', memberId: member!.id }))
    await webhook.send(calcomEvents.created({ uid: 'bk-member-forged', ...sessionTimes(102), memberId: other!.id }))
    await webhook.send(calcomEvents.created({ uid: 'bk-member-junk', ...sessionTimes(103), memberId: `'; drop table members; --` }))
    await webhook.settle()

    expect((await pipeline.store.findByBookingId('bk-member-ok'))?.memberId).toBe(member!.id)
    expect((await pipeline.store.findByBookingId('bk-member-phone'))?.memberId).toBe(member!.id)
    const forged = await pipeline.store.findByBookingId('bk-member-forged')
    expect(forged?.memberId).toBeNull()
    expect(forged?.memberName).toBe('Max Member')
    expect((await pipeline.sessions.findByBookingId('bk-member-forged'))?.state.rejectedMemberClaim).toBe(other!.id)
    expect((await pipeline.store.findByBookingId('bk-member-junk'))?.bookingStatus).toBe('Created')
  })

  it('an unknown host or member is recorded, not fatal', async () => {
    await webhook.send(calcomEvents.created({ uid: 'bk-strangers', ...sessionTimes(100), organizerEmail: 'nobody@else.example', organizerName: 'Walk In' }))
    await webhook.settle()
    expect(await pipeline.store.findByBookingId('bk-strangers')).toMatchObject({ hostName: 'Walk In', hostId: null, memberId: null, bookingStatus: 'Created' })
  })
})
