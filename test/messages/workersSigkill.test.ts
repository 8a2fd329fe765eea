import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stopProcess } from '../../scripts/stack/denoProcess.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/db/embeddedPostgres.ts'
import { migrate } from '../../scripts/db/migrate.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { paymentConfirmationSms } from '../../supabase/functions/_shared/jobs/messageJobs.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { serveHandlers } from '../support/handlerServer.ts'
import { startWorkerProcess } from '../support/processes/workerProcess.ts'
import { eventually } from '../support/ports.ts'
import { seedPaidPurchase } from './support.ts'
import { createFakeTwilio, type FakeTwilio } from './twilioHandlers.ts'

// Two worker processes (real Deno) on one embedded Postgres, sending through the Twilio adapter to
// the msw Twilio handlers on a real port. The first send reaches Twilio, which creates the message
// and never answers in time; the worker making it is killed with SIGKILL while its row is `sending`.
const ACCOUNT = 'AC-test-workers-sigkill'
const TOKEN = 'sigkill-test-twilio-auth-token'
const MESSAGES = 5

interface Worker {
  child: ChildProcess
  port: number
  id: string
}

describe('two workers and a SIGKILL mid-send', () => {
  let db: EmbeddedPostgres
  let sql: Sql
  let twilio: { origin: string; stand: FakeTwilio; close(): Promise<void> }
  const workers: Worker[] = []

  beforeAll(async () => {
    twilio = await serveHandlers((origin) => createFakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN, apiUrl: origin }), () => new Response('not found', { status: 404 }))
    db = await startEmbeddedPostgres({ port: 0 })
    sql = connectDatabase(db.url, { max: 4 })
    await migrate(sql)
  }, 60_000)

  afterAll(async () => {
    await Promise.all(workers.map(({ child }) => stopProcess(child)))
    await sql?.end({ timeout: 1 })
    await db?.stop()
    await twilio?.close()
  })

  async function startWorker(): Promise<Worker> {
    const { child, port } = await startWorkerProcess(db.url, {
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+61480000000',
      TWILIO_API_URL: twilio.origin,
    })
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as { workerId: string }
    const worker = { child, port, id: health.workerId }
    workers.push(worker)
    return worker
  }

  const smsRows = () =>
    sql<{ jobKey: string; status: string; to: string; body: string | null; sid: string | null }[]>`
      select job_key as "jobKey", status, to_phone as to, body, provider_sid as sid from sms_messages order by job_key`

  it('the other worker finishes every job after the lease runs out, and Twilio gets each message once', async () => {
    const started = performance.now()
    const [first, second] = await Promise.all([startWorker(), startWorker()])
    const members = []
    for (let i = 0; i < MESSAGES; i++) members.push(await seedPaidPurchase(sql, { phone: `+6140000080${i}`, name: `Member ${i}` }))
    // Twilio creates the first message, then holds its answer past the sender's 10 s timeout.
    twilio.stand.acceptThenStall(20_000)
    await createOutbox(sql).enqueue(sql, members.map((member) => paymentConfirmationSms(member.purchaseId, member.memberId)))
    await Promise.all([first, second].map(({ port }) => fetch(`http://127.0.0.1:${port}/wake`, { method: 'POST' }).then((r) => r.body?.cancel())))

    // The held message is the first Twilio made; its row is `sending`, leased to the worker that sent it.
    const held = await eventually(async () => {
      const message = twilio.stand.messages.at(-1)
      if (!message || !twilio.stand.requests.some((request) => request.method === 'POST' && request.status === 0)) return undefined
      const [row] = await sql<{ owner: string | null }[]>`
        select j.lease_owner as owner from sms_messages m join outbox_jobs j on j.idempotency_key = m.job_key
        where m.status = 'sending' and m.to_phone = ${message.to} and m.body = ${message.body}`
      return row
    }, 30_000, 'a send held by Twilio while its row is sending')
    const doomed = workers.find((worker) => worker.id === held.owner)!
    expect(doomed).toBeDefined()
    doomed.child.kill('SIGKILL')
    const survivor = workers.find((worker) => worker !== doomed)!

    await eventually(async () => {
      const jobs = await sql<{ status: string }[]>`select status from outbox_jobs where kind = 'sms.send'`
      return jobs.length === MESSAGES && jobs.every((job) => job.status === 'done')
    }, 45_000, 'every sms.send job done')

    const rows = await smsRows()
    expect(rows.map((row) => row.status)).toEqual(Array(MESSAGES).fill('sent'))
    // Each member's confirmation reached Twilio once, and its row names the message Twilio made.
    const sent = twilio.stand.messages
    expect(sent.map((message) => message.to).sort()).toEqual(members.map((_, i) => `+6140000080${i}`))
    for (const row of rows) {
      const matching = sent.filter((message) => message.to === row.to && message.body === row.body)
      expect(matching.map((message) => message.sid)).toEqual([row.sid])
    }
    // The held one was found by the look-up, not sent again: one POST per message, and a GET.
    const posts = twilio.stand.requests.filter((request) => request.method === 'POST')
    expect(posts).toHaveLength(MESSAGES)
    expect(twilio.stand.requests.some((request) => request.method === 'GET')).toBe(true)
    expect(doomed.child.signalCode).toBe('SIGKILL')
    expect(survivor.child.exitCode).toBeNull()
    console.log(`two workers and a SIGKILL: ${MESSAGES} messages sent once each in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  }, 90_000)
})
