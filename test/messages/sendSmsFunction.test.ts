import { beforeEach, describe, expect, it } from 'vitest'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { paymentConfirmationSms } from '../../supabase/functions/_shared/jobs/messageJobs.ts'
import { createLoggedSender } from '../../supabase/functions/_shared/messages/local/loggedSender.ts'
import { createMessageValues } from '../../supabase/functions/_shared/messages/messageValues.ts'
import { createSendSmsJob } from '../../supabase/functions/_shared/messages/sendSmsJob.ts'
import { createSmsMessages } from '../../supabase/functions/_shared/messages/smsMessages.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { defaultPolicy } from '../../supabase/functions/_shared/retry/retryPolicy.ts'
import { silentLogger, type Logger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createWorker } from '../../supabase/functions/_shared/worker/worker.ts'
import { createSendSmsHandler } from '../../supabase/functions/send-sms/handler.ts'
import { useTestDatabase } from '../support/database.ts'
import { APP_URL, MEMBER_PHONE, seedPaidPurchase } from './support.ts'

const db = useTestDatabase()
const KEY = 'service-role-key-for-tests'

// The local stand-in for Twilio (it prints and marks "logged"): this is about the function, not the provider.
function build() {
  const printed: Record<string, unknown>[] = []
  const log: Logger = { log: (_level, message, fields) => void (message.startsWith('SMS') && printed.push(fields ?? {})) }
  const outbox = createOutbox(db.sql)
  const messages = createSmsMessages(db.sql)
  const directory = createPostgresDirectory(db.sql)
  const job = createSendSmsJob({
    sender: createLoggedSender(log),
    senderRetry: defaultPolicy({ maxAttempts: 3, baseMs: 1000, maxMs: 1000 }),
    messages,
    directory,
    values: createMessageValues({ sql: db.sql, directory, appUrl: APP_URL }),
  })
  const worker = createWorker({ inbox: createInbox(db.sql), outbox, processors: {}, jobs: { 'sms.send': job }, log: silentLogger, workerId: 'fn' })
  const handler = createSendSmsHandler({ serviceRoleKey: KEY, outbox, messages, runJobNow: (key) => worker.runJobNow(key), log: silentLogger })
  return { handler, outbox, printed }
}

let parts: ReturnType<typeof build>
beforeEach(async () => {
  await db.reset()
  parts = build()
})

function call(body: unknown, key: string | null = KEY, method = 'POST') {
  return parts.handler(
    new Request('http://127.0.0.1/functions/v1/send-sms', {
      method,
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      body: method === 'POST' ? (typeof body === 'string' ? body : JSON.stringify(body)) : undefined,
    }),
  )
}

async function queue() {
  const seeded = await seedPaidPurchase(db.sql)
  const request = paymentConfirmationSms(seeded.purchaseId, seeded.memberId)
  await parts.outbox.enqueue(db.sql, [request])
  return request.key
}

describe('send-sms', () => {
  it('sends a queued message now through the worker’s job, once; asking again answers what happened', async () => {
    const jobKey = await queue()
    const first = await call({ jobKey })
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ jobKey, jobStatus: 'done', message: { status: 'logged', to: MEMBER_PHONE } })
    expect(parts.printed).toHaveLength(1)
    expect(String(parts.printed[0]!.body)).toMatch(/^Thanks Max Member, your Weekly plan with Jane Rivers is paid/)

    const again = await call({ jobKey })
    expect(again.status).toBe(200)
    expect(parts.printed).toHaveLength(1)
  })

  it('sends one waiting out a backoff now', async () => {
    const jobKey = await queue()
    await db.sql`update outbox_jobs set attempts = 2, next_attempt_at = now() + interval '1 hour' where idempotency_key = ${jobKey}`
    expect((await call({ jobKey })).status).toBe(200)
    expect(parts.printed).toHaveLength(1)
  })

  it('answers a failed message with its reason (409) and sends nothing', async () => {
    const jobKey = await queue()
    await db.sql`delete from templates where name = 'Payment Confirmation'`
    const failed = await call({ jobKey })
    expect(failed.status).toBe(502)
    expect(await failed.json()).toMatchObject({ jobStatus: 'failed', lastError: 'no "Payment Confirmation" template in Templates' })
    const again = await call({ jobKey })
    expect(again.status).toBe(409)
    expect(parts.printed).toHaveLength(0)
  })

  it('refuses a wrong or missing key (401), bad input (400), an unknown key (404), another kind of job (400), GET (405)', async () => {
    const jobKey = await queue()
    expect((await call({ jobKey }, 'wrong')).status).toBe(401)
    expect((await call({ jobKey }, null)).status).toBe(401)
    expect((await call('not json')).status).toBe(400)
    expect((await call({ jobKey, extra: 1 })).status).toBe(400)
    expect((await call({ jobKey: '' })).status).toBe(400)
    expect((await call({ jobKey: 'sms:nothing' })).status).toBe(404)
    await parts.outbox.enqueue(db.sql, [{ kind: 'room.sync', key: 'room.sync:x', payload: {}, runs: 'latest' }])
    expect((await call({ jobKey: 'room.sync:x' })).status).toBe(400)
    expect((await call(undefined, KEY, 'GET')).status).toBe(405)
    expect(parts.printed).toHaveLength(0)
    expect((await parts.outbox.getByKey(jobKey))?.status).toBe('pending')
  })
})
