import { beforeEach, describe, expect, it } from 'vitest'
import { PLANS } from '../../shared/plans/catalog.ts'
import { splitPlan } from '../../shared/plans/split.ts'
import { calcomEvents, sessionTimes, type BookingFixture } from '../support/calcomEvents.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook } from '../support/pipeline.ts'
import { buildScheduler, seedPeople, smsRows } from './support.ts'

const db = useTestDatabase()
let people: Awaited<ReturnType<typeof seedPeople>>
let webhook: ReturnType<typeof createTestWebhook>

beforeEach(async () => {
  await db.reset()
  people = await seedPeople(db.sql)
  await db.sql`update hosts set cal_link = 'jane/session' where id = ${people.hostId}`
  webhook = createTestWebhook(createTestPipeline(db))
})

/** One paid Adhoc session, as the payment processor leaves it. */
async function paidSession(): Promise<string> {
  const split = splitPlan(PLANS.adhoc)
  const [purchase] = await db.sql<{ id: string }[]>`
    insert into purchases (member_id, host_id, member_name, host_name, plan, amount_cents, payment_status, checkout_session_id, paid_at)
    values (${people.memberId}, ${people.hostId}, 'Max Member', 'Jane Rivers', 'adhoc', ${split.totalCents}, 'paid', ${'cs_test_' + crypto.randomUUID()}, now())
    returning id::text`
  const share = split.sessions[0]!
  const [row] = await db.sql<{ id: string }[]>`
    insert into paid_sessions (purchase_id, position, member_id, host_id, plan, amount_cents, host_share_cents, platform_share_cents)
    values (${purchase!.id}, 1, ${people.memberId}, ${people.hostId}, 'adhoc', ${share.amountCents}, ${share.hostCents}, ${share.platformCents})
    returning id::text`
  return row!.id
}

async function deliver(body: unknown) {
  expect((await webhook.send(body)).status).toBe(200)
  await webhook.settle()
}

/** The SMS jobs queued, as kind:role:announced start. */
async function smsJobs(): Promise<string[]> {
  const rows = await db.sql<{ key: string }[]>`select idempotency_key as key from outbox_jobs where kind = 'sms.send' order by id`
  return rows.map((row) => row.key.split(':').slice(1, 2).concat(row.key.split(':').slice(3)).join(':').replace(/:(\d{4}-)/, ' $1'))
}

function booking(uid: string, startsInHours: number, extra: Partial<BookingFixture> = {}): BookingFixture {
  const { start, end } = sessionTimes(startsInHours * 60)
  return { uid, start, end, memberId: people.memberId, ...extra }
}

describe('messages that follow a paid booking', () => {
  it('booked: a confirmation to both; a replay queues nothing more; rescheduled: the new time to both; cancelled by the member: the host is told', async () => {
    const paid = await paidSession()
    const first = booking('uid-1', 48, { paidSessionId: paid })
    await deliver(calcomEvents.created(first))
    expect(await smsJobs()).toEqual([`booking-confirmation:member ${first.start}`, `booking-confirmation:host ${first.start}`])

    await deliver(calcomEvents.created(first))
    expect(await smsJobs()).toHaveLength(2)

    const moved = booking('uid-2', 72, { paidSessionId: paid })
    await deliver(calcomEvents.rescheduled({ ...moved, previousUid: 'uid-1', previousStart: first.start, previousEnd: first.end }))
    expect((await smsJobs()).slice(2)).toEqual([`booking-rescheduled:member ${moved.start}`, `booking-rescheduled:host ${moved.start}`])

    await deliver(calcomEvents.cancelled(moved, { reason: 'Feeling unwell' }))
    expect((await smsJobs()).slice(4)).toEqual([`booking-cancelled:host ${moved.start}`])
    // The same cancellation again (Cal.com's replay, an operator's): nothing more.
    await deliver(calcomEvents.cancelled(moved, { reason: 'Feeling unwell' }))
    expect(await smsJobs()).toHaveLength(5)
  })

  it('the messages read right: each in the recipient’s zone with the zone named, their own link; the host’s cancellation tells the member', async () => {
    await db.sql`update members set time_zone = 'Australia/Perth' where id = ${people.memberId}`
    const paid = await paidSession()
    const b = booking('uid-3', 48, { paidSessionId: paid })
    await deliver(calcomEvents.created(b))
    await deliver(calcomEvents.cancelled(b, { reason: 'Host is ill', cancelledBy: 'jane@presence.example' }))

    const scheduler = buildScheduler(db.sql)
    await scheduler.worker.runUntilIdle()
    const rows = await smsRows(db.sql)
    const confirmation = rows.find((row) => row.message === 'booking-confirmation' && row.role === 'member')!
    // Cancelled before the worker sent them: the confirmations are skipped, not sent for a session that is off.
    expect(rows.filter((row) => row.message === 'booking-confirmation').map((row) => row.status)).toEqual(['skipped', 'skipped'])
    expect(confirmation.error).toBe('the session is Cancelled')
    const cancelled = rows.filter((row) => row.message === 'booking-cancelled')
    expect(cancelled.map((row) => [row.role, row.status])).toEqual([['member', 'logged']])
    expect(cancelled[0]!.body).toMatch(/^Hi Max Member, Jane Rivers cancelled your session of .+ AWST \(Host is ill\)\. Book another: https:\/\/presence\.test\/host-selection$/)
  })

  it('a confirmation goes with the member’s own link and the time in their zone', async () => {
    const paid = await paidSession()
    const b = booking('uid-4', 48, { paidSessionId: paid })
    await deliver(calcomEvents.created(b))
    await buildScheduler(db.sql).worker.runUntilIdle()
    const rows = await smsRows(db.sql)
    const member = rows.find((row) => row.role === 'member')!
    expect(member.status).toBe('logged')
    // The start's hour and minute on a Sydney clock (the range puts am/pm after its end).
    const startText = new Intl.DateTimeFormat('en-AU', { timeZone: 'Australia/Sydney', hour: 'numeric', minute: '2-digit' }).format(new Date(b.start)).replace(/\s*[ap]m$/, '')
    expect(member.body).toContain(`Hi Max Member, your Presence session with Jane Rivers is booked: `)
    expect(member.body).toContain(startText)
    expect(member.body).toMatch(/AE[DS]T\. Your link: https:\/\/presence\.test\/video-session\?bookingId=uid-4&userType=member&token=v1\./)
    expect(rows.find((row) => row.role === 'host')!.body).toMatch(/^Hi Jane Rivers, your Presence session with Max Member is booked: .*userType=host/)
  })

  it('no message for a booking that uses no paid session', async () => {
    await deliver(calcomEvents.created(booking('uid-5', 48)))
    expect(await smsJobs()).toEqual([])
  })
})
