import { beforeEach, describe, expect, it } from 'vitest'
import { PLANS, type PlanId } from '../../shared/plans/catalog.ts'
import { splitPlan } from '../../shared/plans/split.ts'
import { recordSyncJob } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import { calcomEvents, sessionTimes, type BookingFixture } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook, type TestPipeline } from '../support/pipeline.ts'

const db = useTestDatabase()
const HOUR = 3_600_000
const JANE = { name: 'Jane Rivers', email: 'jane@presence.example', calLink: 'jane/session' }
const MAX = { name: 'Max Member', email: 'max@presence.example', phone: '+61400000009' }

let pipeline: TestPipeline
let webhook: ReturnType<typeof createTestWebhook>
let hostId: string
let memberId: string

beforeEach(async () => {
  await db.reset()
  pipeline = createTestPipeline(db)
  webhook = createTestWebhook(pipeline)
  ;({ id: hostId } = await first(db.sql<{ id: string }[]>`
    insert into hosts (name, email, cal_link, time_zone) values (${JANE.name}, ${JANE.email}, ${JANE.calLink}, 'Australia/Sydney') returning id::text`))
  ;({ id: memberId } = await first(db.sql<{ id: string }[]>`
    insert into members (name, email, phone, time_zone) values (${MAX.name}, ${MAX.email}, ${MAX.phone}, 'Australia/Sydney') returning id::text`))
})

/** A paid purchase and its paid sessions, as the payment processor leaves them. */
async function paidPurchase(plan: PlanId, buyer = memberId): Promise<string[]> {
  const split = splitPlan(PLANS[plan])
  const [purchase] = await db.sql<{ id: string }[]>`
    insert into purchases (member_id, host_id, member_name, host_name, plan, amount_cents, payment_status, checkout_session_id, paid_at)
    values (${buyer}, ${hostId}, ${MAX.name}, ${JANE.name}, ${plan}, ${split.totalCents}, 'paid', ${'cs_test_' + crypto.randomUUID()}, now())
    returning id::text`
  const ids: string[] = []
  for (const [index, share] of split.sessions.entries()) {
    const [row] = await db.sql<{ id: string }[]>`
      insert into paid_sessions (purchase_id, position, member_id, host_id, plan, amount_cents, host_share_cents, platform_share_cents)
      values (${purchase!.id}, ${index + 1}, ${buyer}, ${hostId}, ${plan}, ${share.amountCents}, ${share.hostCents}, ${share.platformCents})
      returning id::text`
    ids.push(row!.id)
  }
  await pipeline.outbox.enqueue(db.sql, ids.map(recordSyncJob))
  await webhook.settle()
  return ids
}

function booking(uid: string, startsInHours: number, extra: Partial<BookingFixture> = {}): BookingFixture {
  const { start, end } = sessionTimes(startsInHours * 60)
  return { uid, start, end, memberId, ...extra }
}

async function deliver(body: unknown) {
  const response = await webhook.send(body)
  expect(response.status).toBe(200)
  await webhook.settle()
}

async function credit(paidSessionId: string) {
  const [row] = await db.sql<{ status: string; sessionId: string | null }[]>`
    select credit_status as status, session_id::text as "sessionId" from paid_sessions where id = ${paidSessionId}`
  return row
}

const record = (sessionId: string) => pipeline.store.get(sessionId)

async function first<T>(rows: Promise<readonly T[]>): Promise<T> {
  const [row] = await rows
  if (row === undefined) throw new Error('expected a row')
  return row
}

describe('a paid session is a record from the moment it is paid', () => {
  it('Weekly: three records, each with its share of the money, available and not booked', async () => {
    const ids = await paidPurchase('weekly')
    const records = await Promise.all(ids.map(record))
    expect(records.map((r) => [r?.amountCents, r?.hostShareCents, r?.platformShareCents])).toEqual([
      [1334, 1000, 334],
      [1333, 1000, 333],
      [1333, 1000, 333],
    ])
    for (const r of records) {
      expect(r).toMatchObject({ plan: 'Weekly', paymentStatus: 'Paid', creditStatus: 'Available', bookingId: null, bookingStatus: null, sessionStart: null })
      expect(r).toMatchObject({ memberId, memberName: MAX.name, hostId, hostName: JANE.name })
    }
  })
})

describe('booking a paid session', () => {
  it('attaches the booking to the paid session the embed names: one record, Booked, with the booking on it', async () => {
    const [paid] = await paidPurchase('adhoc')
    await deliver(calcomEvents.created(booking('bk-1', 48, { paidSessionId: paid })))
    expect(await credit(paid!)).toMatchObject({ status: 'booked' })
    expect(await record(paid!)).toMatchObject({ bookingId: 'bk-1', bookingStatus: 'Created', creditStatus: 'Booked', paymentStatus: 'Paid', amountCents: 1800 })
    const { count } = await first(db.sql<{ count: number }[]>`select count(*)::int as count from presence_operations`)
    expect(count).toBe(1)
  })

  it('keeps the credit through a reschedule: same record, new booking id, the old one listed', async () => {
    const [paid] = await paidPurchase('adhoc')
    const first = booking('bk-old', 48, { paidSessionId: paid })
    await deliver(calcomEvents.created(first))
    const moved = booking('bk-new', 72, { paidSessionId: paid })
    await deliver(calcomEvents.rescheduled({ ...moved, previousUid: 'bk-old', previousStart: first.start, previousEnd: first.end }))
    expect(await credit(paid!)).toMatchObject({ status: 'booked' })
    expect(await record(paid!)).toMatchObject({ bookingId: 'bk-new', previousBookingIds: ['bk-old'], creditStatus: 'Booked', sessionStart: moved.start })
  })

  it('flags a booking with no paid session on its own record, and counts nothing as paid', async () => {
    await paidPurchase('adhoc')
    await deliver(calcomEvents.created(booking('bk-direct', 48)))
    const own = await pipeline.store.findByBookingId('bk-direct')
    expect(own).toMatchObject({ paymentStatus: 'No Paid Session', creditStatus: null, amountCents: null })
    const { booked } = await first(db.sql<{ booked: number }[]>`select count(*)::int as booked from paid_sessions where credit_status <> 'available'`)
    expect(booked).toBe(0)
  })

  it('flags a booking whose attendee is not the member who paid, and leaves the credit bookable', async () => {
    const [paid] = await paidPurchase('adhoc')
    await deliver(calcomEvents.created(booking('bk-stranger', 48, { paidSessionId: paid, attendeeEmail: 'someone@else.example', attendeeName: 'Someone' })))
    expect(await pipeline.store.findByBookingId('bk-stranger')).toMatchObject({ paymentStatus: 'Attendee Not Member' })
    expect(await credit(paid!)).toMatchObject({ status: 'available', sessionId: null })
  })

  it('flags an unknown, malformed or another host’s paid session id', async () => {
    const [paid] = await paidPurchase('adhoc')
    await db.sql`insert into hosts (name, email) values ('Omar', 'omar@presence.example')`
    await deliver(calcomEvents.created(booking('bk-unknown', 48, { paidSessionId: crypto.randomUUID() })))
    await deliver(calcomEvents.created(booking('bk-garbage', 48, { paidSessionId: "x') or true --" })))
    await deliver(calcomEvents.created(booking('bk-omar', 48, { paidSessionId: paid, organizerEmail: 'omar@presence.example', organizerName: 'Omar' })))
    for (const uid of ['bk-unknown', 'bk-garbage', 'bk-omar']) {
      expect((await pipeline.store.findByBookingId(uid))?.paymentStatus, uid).toBe('Credit Not Available')
    }
    expect(await credit(paid!)).toMatchObject({ status: 'available' })
  })

  it('a used paid session cannot be booked again: the second booking is flagged', async () => {
    const [paid] = await paidPurchase('adhoc')
    await deliver(calcomEvents.created(booking('bk-first', 48, { paidSessionId: paid })))
    await deliver(calcomEvents.created(booking('bk-second', 96, { paidSessionId: paid })))
    expect(await pipeline.store.findByBookingId('bk-second')).toMatchObject({ paymentStatus: 'Credit Not Available' })
    expect(await record(paid!)).toMatchObject({ bookingId: 'bk-first' })
  })

  it('two bookings racing for the last credit end with one attached and one flagged', async () => {
    const [paid] = await paidPurchase('adhoc')
    await Promise.all(['bk-race-a', 'bk-race-b'].map((uid) => webhook.send(calcomEvents.created(booking(uid, 48, { paidSessionId: paid })))))
    const racing = createTestPipeline(db)
    await Promise.all([webhook.settle(), racing.worker.runUntilIdle()])
    const flags = await db.sql<{ bookingId: string; paid: string | null; flag: string | null }[]>`
      select booking_id as "bookingId", paid_session_id::text as paid, payment_flag as flag from sessions order by booking_id`
    expect(flags.filter((row) => row.paid === paid)).toHaveLength(1)
    expect(flags.filter((row) => row.flag === 'Credit Not Available')).toHaveLength(1)
    expect(await credit(paid!)).toMatchObject({ status: 'booked' })
  })

  it('a replayed booking changes nothing', async () => {
    const [paid] = await paidPurchase('adhoc')
    const body = calcomEvents.created(booking('bk-replay', 48, { paidSessionId: paid }))
    await deliver(body)
    await deliver(body)
    await deliver({ ...body, createdAt: new Date().toISOString() })
    expect(await credit(paid!)).toMatchObject({ status: 'booked' })
    const { count } = await first(db.sql<{ count: number }[]>`select count(*)::int as count from sessions`)
    expect(count).toBe(1)
  })
})

describe('cancelling keeps the money right', () => {
  async function bookedThenCancelled(startsInHours: number, cancelledAt: Date, options: { cancelledBy?: string; reject?: boolean } = {}) {
    const [paid] = await paidPurchase('adhoc')
    const b = booking('bk-cancel', startsInHours, { paidSessionId: paid })
    await deliver(calcomEvents.created(b))
    const later = { ...b, createdAt: cancelledAt.toISOString() }
    await deliver(options.reject ? calcomEvents.rejected(later) : calcomEvents.cancelled(later, { cancelledBy: options.cancelledBy ?? MAX.email }))
    return paid!
  }

  it('by the member at least 24 hours before the start: the credit comes back, exactly at the cutoff too', async () => {
    const { start } = sessionTimes(48 * 60)
    const paid = await bookedThenCancelled(48, new Date(Date.parse(start) - 24 * HOUR))
    expect(await credit(paid)).toMatchObject({ status: 'available' })
    expect(await record(paid)).toMatchObject({ bookingStatus: 'Cancelled', creditStatus: 'Available', paymentStatus: 'Paid' })
  })

  it('by the member inside the cutoff (one second late): the credit is used', async () => {
    const { start } = sessionTimes(48 * 60)
    const paid = await bookedThenCancelled(48, new Date(Date.parse(start) - 24 * HOUR + 1000))
    expect(await credit(paid)).toMatchObject({ status: 'used' })
    expect(await record(paid)).toMatchObject({ bookingStatus: 'Cancelled', creditStatus: 'Used' })
  })

  it('by the host, however late: the credit comes back', async () => {
    const { start } = sessionTimes(2 * 60)
    const paid = await bookedThenCancelled(2, new Date(Date.parse(start) - HOUR), { cancelledBy: JANE.email })
    expect(await credit(paid)).toMatchObject({ status: 'available' })
  })

  it('a rejection by the host returns it', async () => {
    const paid = await bookedThenCancelled(2, new Date(Date.now() + 60_000), { reject: true })
    expect(await credit(paid)).toMatchObject({ status: 'available' })
  })

  it('a returned credit booked again: the record shows the new booking and lists the cancelled one', async () => {
    const { start } = sessionTimes(48 * 60)
    const paid = await bookedThenCancelled(48, new Date(Date.parse(start) - 30 * HOUR))
    await deliver(calcomEvents.created(booking('bk-again', 120, { paidSessionId: paid })))
    expect(await credit(paid)).toMatchObject({ status: 'booked' })
    expect(await record(paid)).toMatchObject({ bookingId: 'bk-again', bookingStatus: 'Created', previousBookingIds: ['bk-cancel'] })
  })

  it('a held session uses the credit', async () => {
    const [paid] = await paidPurchase('adhoc')
    const b = booking('bk-held', 48, { paidSessionId: paid })
    await deliver(calcomEvents.created(b))
    await deliver(calcomEvents.meetingEnded(b))
    expect(await credit(paid!)).toMatchObject({ status: 'used' })
  })

  it('a cancellation that arrives before its booking still decides the credit when the booking comes', async () => {
    const [paid] = await paidPurchase('adhoc')
    const b = booking('bk-out-of-order', 48, { paidSessionId: paid })
    await deliver(calcomEvents.cancelled({ ...b, createdAt: new Date().toISOString() }, { cancelledBy: MAX.email }))
    await deliver(calcomEvents.created({ ...b, createdAt: new Date(Date.now() - 60_000).toISOString() }))
    expect(await credit(paid!)).toMatchObject({ status: 'available' })
    expect(await pipeline.store.findByBookingId('bk-out-of-order')).toMatchObject({ sessionId: paid, bookingStatus: 'Cancelled' })
    const { count } = await first(db.sql<{ count: number }[]>`select count(*)::int as count from presence_operations where booking_id = 'bk-out-of-order'`)
    expect(count).toBe(1)
  })
})
