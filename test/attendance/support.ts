import { createHmac } from 'node:crypto'
import { PLANS, type PlanId } from '../../shared/plans/catalog.ts'
import { splitPlan } from '../../shared/plans/split.ts'
import { createAttendanceRecords } from '../../supabase/functions/_shared/attendance/attendanceRecords.ts'
import type { AttendanceSource } from '../../supabase/functions/_shared/attendance/attendanceSource.ts'
import { createDailyProcessor } from '../../supabase/functions/_shared/attendance/dailyProcessor.ts'
import { createLocalAttendanceSource } from '../../supabase/functions/_shared/attendance/local/localPresence.ts'
import { ATTENDANCE_JOB_KINDS, createReconcileJob, queueDueReconciles } from '../../supabase/functions/_shared/attendance/reconcileJob.ts'
import { settleAttendance } from '../../supabase/functions/_shared/attendance/settleAttendance.ts'
import { recordSyncJob } from '../../supabase/functions/_shared/jobs/sessionJobs.ts'
import { defaultPolicy, type RetryPolicy } from '../../supabase/functions/_shared/retry/retryPolicy.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createWorker } from '../../supabase/functions/_shared/worker/worker.ts'
import { createDailyWebhookHandler } from '../../supabase/functions/daily-webhook/handler.ts'
import { calcomEvents } from '../support/calcomEvents.ts'
import type { TestDatabase } from '../support/database.ts'
import { createTestPipeline, createTestWebhook } from '../support/pipeline.ts'

/** A base64 secret, as Daily gives one. */
export const DAILY_SECRET = Buffer.from('presence-test-daily-webhook-secret-32b').toString('base64')

/** Daily's signature, computed with Node's crypto (not the code under test). */
export function nodeSignature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'base64')).update(`${timestamp}.${body}`).digest('base64')
}

export function dailyRequest(body: string, options: { secret?: string; timestamp?: string; signature?: string; omit?: 'signature' | 'timestamp' } = {}): Request {
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000))
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (options.omit !== 'timestamp') headers['x-webhook-timestamp'] = timestamp
  if (options.omit !== 'signature') headers['x-webhook-signature'] = options.signature ?? nodeSignature(options.secret ?? DAILY_SECRET, timestamp, body)
  return new Request('http://localhost/functions/v1/daily-webhook', { method: 'POST', headers, body })
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000)

/** Daily's webhook bodies, shaped like the real ones. */
export const dailyEvents = {
  joined: (room: string, visit: { id: string; userId: string | null; owner: boolean; at: Date }) => ({
    version: '1.0.0',
    type: 'participant.joined',
    id: `ptcpt-join-${visit.id}`,
    payload: { room, session_id: visit.id, user_id: visit.userId, user_name: visit.owner ? 'Jane Rivers' : 'Max Member', owner: visit.owner, joined_at: unix(visit.at), will_eject_at: 0, networkQualityState: 'good', permissions: {} },
    event_ts: unix(visit.at),
  }),
  left: (room: string, visit: { id: string; userId: string | null; owner: boolean; at: Date; minutes: number }) => ({
    version: '1.0.0',
    type: 'participant.left',
    id: `ptcpt-left-${visit.id}`,
    payload: { room, session_id: visit.id, user_id: visit.userId, user_name: visit.owner ? 'Jane Rivers' : 'Max Member', owner: visit.owner, joined_at: unix(visit.at), duration: visit.minutes * 60 },
    event_ts: unix(visit.at) + visit.minutes * 60,
  }),
  started: (room: string, at: Date) => ({ version: '1.0.0', type: 'meeting.started', id: `meeting-started-${room}-${unix(at)}`, payload: { room, start_ts: unix(at), meeting_id: `m-${room}` }, event_ts: unix(at) }),
  ended: (room: string, start: Date, end: Date) => ({
    version: '1.0.0',
    type: 'meeting.ended',
    id: `meeting-ended-${room}-${unix(end)}`,
    payload: { room, start_ts: unix(start), end_ts: unix(end), meeting_id: `m-${room}` },
    event_ts: unix(end),
  }),
}

const TEST_RETRY = defaultPolicy({ maxAttempts: 5, baseMs: 1_000, maxMs: 60_000 })

/**
 * The real pipeline (Cal.com processor, room and record jobs, local rooms, Postgres store) plus
 * attendance: the daily processor, the reconcile job and daily-webhook, on one worker. `clock`
 * is what the attendance code takes as now (the reconcile's due time), moved by tests.
 */
export function createAttendanceHarness(db: TestDatabase, options: { source?: AttendanceSource; sourceRetry?: RetryPolicy } = {}) {
  const pipeline = createTestPipeline(db)
  const calcom = createTestWebhook(pipeline)
  const clock = { now: new Date() }
  const now = () => clock.now
  const attendance = createAttendanceRecords(db.sql)
  const settle = (sessionId: string) => settleAttendance({ sql: db.sql, sessions: pipeline.sessions, outbox: pipeline.outbox }, sessionId)
  const source = options.source ?? createLocalAttendanceSource(db.sql)
  const worker = createWorker({
    inbox: pipeline.inbox,
    outbox: pipeline.outbox,
    processors: { ...pipeline.processors, daily: createDailyProcessor({ sql: db.sql, attendance, outbox: pipeline.outbox, settle, now }) },
    jobs: {
      ...pipeline.jobs,
      [ATTENDANCE_JOB_KINDS.reconcile]: createReconcileJob({ attendance, source, sourceRetry: options.sourceRetry ?? TEST_RETRY, settle, outbox: pipeline.outbox, sql: db.sql, now }),
    },
    log: silentLogger,
    workerId: crypto.randomUUID(),
  })
  let wakes = 0
  const daily = createDailyWebhookHandler({ secret: DAILY_SECRET, inbox: pipeline.inbox, wake: () => wakes++, log: silentLogger })

  async function seedPeople() {
    const [host] = await db.sql<{ id: string }[]>`
      insert into hosts (name, email, phone, cal_link, time_zone) values ('Jane Rivers', 'jane@presence.example', '+61400000001', 'jane/session', 'Australia/Sydney') returning id::text`
    const [member] = await db.sql<{ id: string }[]>`
      insert into members (name, email, phone, time_zone) values ('Max Member', 'max@presence.example', '+61400000009', 'Australia/Sydney') returning id::text`
    return { hostId: host!.id, memberId: member!.id }
  }

  /** A paid purchase's paid sessions, as the payment processor leaves them. */
  async function paidSessions(people: { hostId: string; memberId: string }, plan: PlanId): Promise<{ id: string; hostShareCents: number }[]> {
    const split = splitPlan(PLANS[plan])
    const [purchase] = await db.sql<{ id: string }[]>`
      insert into purchases (member_id, host_id, member_name, host_name, plan, amount_cents, payment_status, checkout_session_id, paid_at)
      values (${people.memberId}, ${people.hostId}, 'Max Member', 'Jane Rivers', ${plan}, ${split.totalCents}, 'paid', ${'cs_test_' + crypto.randomUUID()}, now())
      returning id::text`
    const rows: { id: string; hostShareCents: number }[] = []
    for (const [index, share] of split.sessions.entries()) {
      const [row] = await db.sql<{ id: string }[]>`
        insert into paid_sessions (purchase_id, position, member_id, host_id, plan, amount_cents, host_share_cents, platform_share_cents)
        values (${purchase!.id}, ${index + 1}, ${people.memberId}, ${people.hostId}, ${plan}, ${share.amountCents}, ${share.hostCents}, ${share.platformCents})
        returning id::text`
      rows.push({ id: row!.id, hostShareCents: share.hostCents })
    }
    await pipeline.outbox.enqueue(db.sql, rows.map((row) => recordSyncJob(row.id)))
    return rows
  }

  /**
   * A paid Adhoc session booked through Cal.com, from `startMinutes` (negative: in the past) for
   * 30 minutes, with its room made; the worker is drained.
   */
  async function bookedSession(startMinutes = -45) {
    const people = await seedPeople()
    const [paid] = await paidSessions(people, 'adhoc')
    const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 + startMinutes * 60_000)
    const end = new Date(start.getTime() + 30 * 60_000)
    const uid = `uid-${crypto.randomUUID()}`
    // The attendance clock stands in the session, so its reconcile waits for the end plus the grace.
    clock.now = new Date(start.getTime() + 5 * 60_000)
    const response = await calcom.send(calcomEvents.created({ uid, start: start.toISOString(), end: end.toISOString(), memberId: people.memberId, paidSessionId: paid!.id }))
    if (response.status !== 200) throw new Error(`Cal.com webhook answered ${response.status}`)
    await worker.runUntilIdle()
    const session = await pipeline.sessions.findByBookingId(uid)
    if (!session) throw new Error('no session was made')
    return { ...people, uid, paidSessionId: paid!.id, hostShareCents: paid!.hostShareCents, sessionId: session.id, room: session.roomName, start, end }
  }

  return {
    ...pipeline,
    calcom,
    clock,
    worker,
    attendance,
    settle,
    wakes: () => wakes,
    seedPeople,
    paidSessions,
    bookedSession,
    /** Posts Daily events to daily-webhook, signed, then drains the worker. */
    async sendDaily(...events: unknown[]): Promise<Response[]> {
      const responses: Response[] = []
      for (const event of events) responses.push(await daily(dailyRequest(JSON.stringify(event))))
      await worker.runUntilIdle()
      return responses
    },
    daily,
    /** Moves the attendance clock past the session's end plus the grace, runs the scheduler's reconcile sweep and the due reconciles now. */
    async reconcileNow(sessionEnd: Date) {
      clock.now = new Date(sessionEnd.getTime() + 16 * 60_000)
      await queueDueReconciles(db.sql, pipeline.outbox, clock.now)
      await db.sql`update outbox_jobs set next_attempt_at = now() where kind = ${ATTENDANCE_JOB_KINDS.reconcile} and status = 'pending'`
      await worker.runUntilIdle()
    },
    async outcome(sessionId: string) {
      const [row] = await db.sql<{ attendance: string | null; status: string; hostJoined: boolean; memberJoined: boolean; hostMinutes: number | null; memberMinutes: number | null }[]>`
        select attendance, booking_status as status, host_joined_at is not null as "hostJoined", member_joined_at is not null as "memberJoined",
          host_minutes as "hostMinutes", member_minutes as "memberMinutes"
        from sessions where id = ${sessionId}`
      return row!
    },
    async money(sessionId: string, paidSessionId: string) {
      const lines = await db.sql<{ amountCents: number; currency: string; status: string; hostId: string }[]>`
        select amount_cents as "amountCents", currency, status, host_id as "hostId" from payout_lines where session_id = ${sessionId}`
      const [credit] = await db.sql<{ status: string }[]>`select credit_status as status from paid_sessions where id = ${paidSessionId}`
      const thankYous = await db.sql<{ key: string }[]>`select idempotency_key as key from outbox_jobs where idempotency_key like 'sms:post-session-thank-you:%'`
      return { lines, credit: credit!.status, thankYous: thankYous.map((row) => row.key) }
    },
  }
}

export type AttendanceHarness = ReturnType<typeof createAttendanceHarness>
