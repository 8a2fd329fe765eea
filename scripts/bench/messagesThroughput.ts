import { loadConfig } from '../../shared/config/loadConfig.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { MESSAGE_JOB_KINDS } from '../../supabase/functions/_shared/jobs/messageJobs.ts'
import { broadcastSms } from '../../supabase/functions/_shared/messages/broadcast/broadcasts.ts'
import { createMessageValues } from '../../supabase/functions/_shared/messages/messageValues.ts'
import { createSendSmsJob } from '../../supabase/functions/_shared/messages/sendSmsJob.ts'
import { createSmsMessages } from '../../supabase/functions/_shared/messages/smsMessages.ts'
import { TWILIO_RETRY } from '../../supabase/functions/_shared/messages/twilio/twilioErrors.ts'
import { createTwilioSender } from '../../supabase/functions/_shared/messages/twilio/twilioSender.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createRuntime, type Runtime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createWorker, type Worker } from '../../supabase/functions/_shared/worker/worker.ts'
import { buildWorker } from '../../supabase/functions/worker/buildWorker.ts'
import { startEmbeddedPostgres } from '../db/embeddedPostgres.ts'
import { migrate } from '../db/migrate.ts'
import { startTwilioStandIn, type TwilioStandIn } from './twilioStandIn.ts'

const MESSAGES = 30
const WORKERS = 2
const UNPACED_WINDOW_MS = 20_000
const ACCOUNT = 'ACbench0000000000000000000000000001'
const AUTH_TOKEN = 'bench-twilio-token'
const FROM = '+61480000099'
const APP_URL = 'http://127.0.0.1:5173'

/** A zone whose clock reads 10:00-18:00 now, so the (non-urgent) broadcast is not held for quiet hours. */
function daytimeZone(): string {
  const hourIn = (zone: string) => Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', hourCycle: 'h23' }).format(new Date()))
  return Intl.supportedValuesOf('timeZone').find((zone) => hourIn(zone) >= 10 && hourIn(zone) < 18) ?? 'UTC'
}

/** `count` members and one Holiday Message job each, under `broadcastId`. */
async function queueBroadcast(sql: Sql, broadcastId: string, count: number): Promise<void> {
  const zone = daytimeZone()
  const requests = []
  for (let i = 0; i < count; i++) {
    const [member] = await sql<{ id: string }[]>`
      insert into members (name, email, phone, time_zone) values (${`Member ${i}`}, ${`${broadcastId}-${i}@bench.example`}, ${`+614${String(10_000_000 + i).slice(-8)}`}, ${zone})
      returning id::text`
    requests.push(broadcastSms('holiday', broadcastId, { role: 'member', memberId: member!.id }))
  }
  await createOutbox(sql).enqueue(sql, requests)
}

async function sentOf(sql: Sql, broadcastId: string): Promise<number> {
  const [row] = await sql<{ c: number }[]>`
    select count(*)::int as c from sms_messages m join outbox_jobs j on j.idempotency_key = m.job_key
    where j.payload ->> 'broadcastId' = ${broadcastId} and m.status = 'sent'`
  return row?.c ?? 0
}

/** Runs the workers until `done` says so or `ms` pass; returns the time it took. */
async function runWorkers(workers: Worker[], ms: number, done: () => Promise<boolean>): Promise<number> {
  const started = performance.now()
  const running = workers.map((worker) => worker.start({ pollMs: 100 }))
  try {
    while (performance.now() - started < ms && !(await done())) await new Promise((resolve) => setTimeout(resolve, 100))
  } finally {
    await Promise.all(running.map((run) => run.stop()))
  }
  return performance.now() - started
}

/** Accepted messages per second, between the first and the last one the stand-in took from FROM. */
function rateOf(twilio: TwilioStandIn): { rate: number; accepted: number } {
  const times = twilio.accepted.get(FROM) ?? []
  if (times.length < 2) return { rate: 0, accepted: times.length }
  return { rate: ((times.length - 1) * 1000) / (times.at(-1)! - times[0]!), accepted: times.length }
}

/** A worker that sends straight through, with no per-number pacing: what the limiter is measured against. */
function unpacedWorker(sql: Sql, twilio: TwilioStandIn, id: string): Worker {
  const directory = createPostgresDirectory(sql)
  const sender = createTwilioSender({ accountSid: ACCOUNT, authToken: AUTH_TOKEN, from: { number: FROM }, apiUrl: twilio.url, statusCallback: 'http://127.0.0.1/sms-status' })
  const job = createSendSmsJob({ sender, senderRetry: TWILIO_RETRY, messages: createSmsMessages(sql), directory, values: createMessageValues({ sql, directory, appUrl: APP_URL }) })
  return createWorker({ inbox: createInbox(sql), outbox: createOutbox(sql), processors: {}, jobs: { [MESSAGE_JOB_KINDS.sms]: job }, log: silentLogger, workerId: id })
}

/**
 * Messages a second through the outbox from one Twilio number, against a stand-in that takes one
 * message a second per number and answers 429 (20429) beyond it: the production wiring (two
 * workers, each its own runtime, sharing the number's limit through Postgres) and, for
 * comparison, the same sender without the limit.
 */
export async function benchMessagesThroughput(print: (line: string) => void): Promise<void> {
  const db = await startEmbeddedPostgres({ port: 0 })
  const sql = connectDatabase(db.url)
  const twilio = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: AUTH_TOKEN })
  const runtimes: Runtime[] = []
  try {
    await migrate(sql)
    await sql`insert into templates (name, body) values ('Holiday Message', 'Happy holidays from Presence, {{memberName}}: {{rebookUrl}}')`
    const env = { DATABASE_URL: db.url, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: FROM, TWILIO_API_URL: twilio.url, APP_URL }
    for (let i = 0; i < WORKERS; i++) runtimes.push(createRuntime({ ...loadConfig(env), databaseUrl: db.url }, { log: silentLogger, databaseMaxConnections: 4 }))

    print(`Messages throughput (${MESSAGES} Holiday Messages from one number; Twilio stand-in over HTTP allowing 1 message/s per From, 429 20429 beyond; ${WORKERS} workers, embedded Postgres)`)
    await queueBroadcast(sql, 'paced', MESSAGES)
    const pacedMs = await runWorkers(runtimes.map(buildWorker), 120_000, async () => (await sentOf(sql, 'paced')) === MESSAGES)
    const paced = rateOf(twilio)
    print(
      `  paced per number (production): ${paced.accepted}/${MESSAGES} sent in ${(pacedMs / 1000).toFixed(1)} s, ${paced.rate.toFixed(3)} messages/s = ` +
        `${((paced.rate / 1) * 100).toFixed(1)}% of 1/s, ${twilio.tooManyRequests} x 429`,
    )

    twilio.reset()
    await queueBroadcast(sql, 'unpaced', MESSAGES)
    await runWorkers(Array.from({ length: WORKERS }, (_, i) => unpacedWorker(sql, twilio, `unpaced-${i}`)), UNPACED_WINDOW_MS, async () => (await sentOf(sql, 'unpaced')) === MESSAGES)
    const unpaced = rateOf(twilio)
    print(
      `  without pacing (comparison):   ${await sentOf(sql, 'unpaced')}/${MESSAGES} sent in the first ${UNPACED_WINDOW_MS / 1000} s, ` +
        `${twilio.tooManyRequests} x 429 (each retried after Twilio's backoff: 2 s, 4 s, 8 s, …)${unpaced.accepted > 1 ? `, ${unpaced.rate.toFixed(3)} messages/s while it sent` : ''}`,
    )
  } finally {
    await Promise.all(runtimes.map((rt) => rt.close()))
    await sql.end({ timeout: 1 })
    await twilio.close()
    await db.stop()
  }
}
