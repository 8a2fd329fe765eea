import { DEFAULT_TEMPLATES } from '../../scripts/db/seed.ts'
import type { BookingState } from '../../shared/sessions/bookingState.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { MESSAGE_JOB_KINDS } from '../../supabase/functions/_shared/jobs/messageJobs.ts'
import { createLoggedSender } from '../../supabase/functions/_shared/messages/local/loggedSender.ts'
import { createMessageValues } from '../../supabase/functions/_shared/messages/messageValues.ts'
import { createSendSmsJob } from '../../supabase/functions/_shared/messages/sendSmsJob.ts'
import { createSmsMessages } from '../../supabase/functions/_shared/messages/smsMessages.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { defaultPolicy } from '../../supabase/functions/_shared/retry/retryPolicy.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createSessionMessageChecks } from '../../supabase/functions/_shared/scheduler/sessionMessages.ts'
import { createSchedulerTick } from '../../supabase/functions/_shared/scheduler/schedulerTick.ts'
import { createSessionRepository } from '../../supabase/functions/_shared/sessions/sessionRepository.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createWorker } from '../../supabase/functions/_shared/worker/worker.ts'

export const APP_URL = 'https://presence.test'
export const LINK_SECRET = 'scheduler-test-link-secret'
export const MINUTE = 60_000
export const HOUR = 3_600_000

/** The seed's templates, a host in Sydney and a member in `memberZone`. */
export async function seedPeople(sql: Sql, memberZone = 'Australia/Sydney') {
  for (const [name, body] of Object.entries(DEFAULT_TEMPLATES)) {
    await sql`insert into templates (name, body) values (${name}, ${body}) on conflict (name) do update set body = excluded.body`
  }
  const [host] = await sql<{ id: string }[]>`
    insert into hosts (name, email, phone, time_zone) values ('Jane Rivers', 'jane@presence.example', '+61400000001', 'Australia/Sydney') returning id::text`
  const [member] = await sql<{ id: string }[]>`
    insert into members (name, email, phone, time_zone) values ('Max Member', 'max@presence.example', '+61400000009', ${memberZone}) returning id::text`
  return { hostId: host!.id, memberId: member!.id }
}

/** A session row as the Cal.com fold leaves it (the tick reads only sessions). */
export async function insertSession(
  sql: Sql,
  people: { hostId: string; memberId: string },
  times: { start: Date; minutes?: number },
  status: BookingState['status'] = 'Created',
): Promise<string> {
  const id = crypto.randomUUID()
  const end = new Date(times.start.getTime() + (times.minutes ?? 30) * MINUTE)
  const state: BookingState = {
    bookingId: `uid-${id}`,
    previousBookingIds: [],
    status,
    start: times.start.toISOString(),
    end: end.toISOString(),
    title: 'Session',
    hostName: 'Jane Rivers',
    hostEmail: 'jane@presence.example',
    hostId: people.hostId,
    memberName: 'Max Member',
    memberEmail: 'max@presence.example',
    memberPhone: '+61400000009',
    memberId: people.memberId,
    hostTimeZone: 'Australia/Sydney',
    memberTimeZone: 'Australia/Sydney',
    rejectedMemberClaim: null,
    cancellationReason: null,
    cancelledBy: null,
    cancelledAt: null,
    rescheduleRequested: false,
    lastEventAt: null,
  }
  await sql`
    insert into sessions (id, booking_id, booking_status, start_time, end_time, state, room_name)
    values (${id}, ${state.bookingId}, ${status}, ${state.start}, ${state.end}, ${sql.json(state as never)}, ${`presence-${id}`})`
  await sql`insert into booking_aliases (booking_id, session_id) values (${state.bookingId}, ${id})`
  return id
}

/** Moves a session (as a reschedule's fold would). */
export async function moveSession(sql: Sql, sessionId: string, start: Date, minutes = 30): Promise<void> {
  const end = new Date(start.getTime() + minutes * MINUTE)
  await sql`
    update sessions set start_time = ${start}, end_time = ${end},
      state = state || jsonb_build_object('start', ${start.toISOString()}::text, 'end', ${end.toISOString()}::text)
    where id = ${sessionId}`
}

/**
 * The scheduler's tick and a worker that runs sms.send through the logged stand-in, both on a
 * clock the test sets. Room jobs are queued but not run (no room worker here).
 */
export function buildScheduler(sql: Sql) {
  let clock = new Date()
  const now = () => clock
  const outbox = createOutbox(sql)
  const messages = createSmsMessages(sql)
  const directory = createPostgresDirectory(sql)
  const smsJob = createSendSmsJob({
    sender: createLoggedSender(silentLogger),
    senderRetry: defaultPolicy({ maxAttempts: 5, baseMs: 1_000, maxMs: 60_000 }),
    messages,
    directory,
    values: createMessageValues({ sql, directory, appUrl: APP_URL, linkSecret: LINK_SECRET }),
    skipReason: createSessionMessageChecks({ sql }),
    now,
  })
  const worker = createWorker({ inbox: createInbox(sql), outbox, processors: {}, jobs: { [MESSAGE_JOB_KINDS.sms]: smsJob }, log: silentLogger, workerId: 'scheduler-test' })
  let wakes = 0
  const tick = createSchedulerTick({ sql, sessions: createSessionRepository(sql), outbox, wake: () => wakes++, now })
  return {
    outbox,
    messages,
    worker,
    tick,
    wakes: () => wakes,
    setClock: (at: Date) => {
      clock = at
    },
  }
}

export interface SmsRow {
  jobKey: string
  message: string
  role: string
  status: string
  body: string | null
  error: string | null
}

export function smsRows(sql: Sql): Promise<SmsRow[]> {
  return sql<SmsRow[]>`
    select job_key as "jobKey", message, recipient_role as role, status, body, error from sms_messages order by job_key`
}
