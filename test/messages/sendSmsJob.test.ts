import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { MESSAGES, type MessageKind, type MessageSpec } from '../../shared/messages/catalogue.ts'
import { paymentConfirmationSms } from '../../supabase/functions/_shared/jobs/messageJobs.ts'
import { createMessageValues } from '../../supabase/functions/_shared/messages/messageValues.ts'
import { createSendSmsJob } from '../../supabase/functions/_shared/messages/sendSmsJob.ts'
import { createSmsMessages } from '../../supabase/functions/_shared/messages/smsMessages.ts'
import { TWILIO_RETRY } from '../../supabase/functions/_shared/messages/twilio/twilioErrors.ts'
import { createTwilioSender } from '../../supabase/functions/_shared/messages/twilio/twilioSender.ts'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createPostgresDirectory } from '../../supabase/functions/_shared/store/postgres/directory.ts'
import { createWorker } from '../../supabase/functions/_shared/worker/worker.ts'
import { useTestDatabase } from '../support/database.ts'
import { letBackoffElapse } from '../support/pipeline.ts'
import { APP_URL, MEMBER_PHONE, seedPaidPurchase } from './support.ts'
import { createFakeTwilio, INVALID_NUMBER, SERVER_ERROR, TOO_MANY_REQUESTS } from './twilioHandlers.ts'

const db = useTestDatabase()
const ACCOUNT = 'AC-test-send-sms-job'
const TOKEN = 'twilio-test-auth-token'
const TWILIO_URL = 'https://twilio.test'
const twilio = createFakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN, apiUrl: TWILIO_URL })
const server = setupServer(...twilio.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())
afterEach(() => server.resetHandlers())

const STATUS_URL = 'https://functions.test/functions/v1/sms-status'

function build(options: { catalogue?: Record<MessageKind, MessageSpec>; now?: () => Date } = {}) {
  const outbox = createOutbox(db.sql)
  const messages = createSmsMessages(db.sql)
  const directory = createPostgresDirectory(db.sql)
  const sender = createTwilioSender({ accountSid: ACCOUNT, authToken: TOKEN, from: { number: '+61480000000' }, apiUrl: TWILIO_URL, statusCallback: STATUS_URL, timeoutMs: 300 })
  const job = createSendSmsJob({ sender, senderRetry: TWILIO_RETRY, messages, directory, values: createMessageValues({ sql: db.sql, directory, appUrl: APP_URL }), ...options })
  const worker = createWorker({ inbox: createInbox(db.sql), outbox, processors: {}, jobs: { 'sms.send': job }, log: silentLogger, workerId: 'test-worker' })
  return { outbox, messages, worker }
}

let parts: ReturnType<typeof build>

beforeEach(async () => {
  await db.reset()
  twilio.reset()
  parts = build()
})

async function queueConfirmation(member: Parameters<typeof seedPaidPurchase>[1] = {}) {
  const seeded = await seedPaidPurchase(db.sql, member)
  const request = paymentConfirmationSms(seeded.purchaseId, seeded.memberId)
  await parts.outbox.enqueue(db.sql, [request])
  return { ...seeded, key: request.key }
}

const posts = () => twilio.requests.filter((request) => request.method === 'POST')

describe('sms.send through Twilio', () => {
  it('sends the payment confirmation once, filled from the template, and records Twilio’s sid', async () => {
    const { key, purchaseId } = await queueConfirmation()
    await parts.worker.runUntilIdle()

    expect(twilio.messages).toHaveLength(1)
    const [sent] = twilio.messages
    expect(sent).toMatchObject({ to: MEMBER_PHONE, from: '+61480000000', status_callback: STATUS_URL })
    expect(sent!.body).toBe(`Thanks Max Member, your Weekly plan with Jane Rivers is paid. Book your session: ${APP_URL}/book?purchase=${purchaseId}`)
    expect(await parts.messages.get(key)).toMatchObject({ status: 'sent', providerSid: sent!.sid, deliveryStatus: 'queued', toPhone: MEMBER_PHONE })
    expect((await parts.outbox.getByKey(key))?.status).toBe('done')

    // The same payment confirmed again (a replayed webhook) and an operator's retry: nothing more goes out.
    await parts.outbox.enqueue(db.sql, [paymentConfirmationSms(purchaseId, (await parts.messages.get(key))!.recipientId)])
    await parts.outbox.retry({ ids: [(await parts.outbox.getByKey(key))!.id] })
    await parts.worker.runUntilIdle()
    expect(twilio.messages).toHaveLength(1)
  })

  it('a 429 (20429) is retried after its backoff and the message goes once', async () => {
    const { key } = await queueConfirmation()
    twilio.failNext(1, TOO_MANY_REQUESTS)
    await parts.worker.runUntilIdle()
    expect(twilio.messages).toHaveLength(0)
    expect(await parts.outbox.getByKey(key)).toMatchObject({ status: 'pending', attempts: 1 })
    expect(await parts.messages.get(key)).toMatchObject({ status: 'pending', errorCode: '20429' })

    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()
    expect(twilio.messages).toHaveLength(1)
    expect(posts()).toHaveLength(2)
    expect((await parts.outbox.getByKey(key))?.status).toBe('done')
  })

  it('a permanent 21211 is recorded and not retried', async () => {
    const { key } = await queueConfirmation()
    twilio.failNext(1, INVALID_NUMBER(MEMBER_PHONE))
    await parts.worker.runUntilIdle()
    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()

    expect(posts()).toHaveLength(1)
    const job = await parts.outbox.getByKey(key)
    expect(job?.status).toBe('failed')
    expect(job?.lastError).toMatch(/21211/)
    expect(await parts.messages.get(key)).toMatchObject({ status: 'failed', errorCode: '21211' })
  })

  it('a number that opted out is skipped, recorded and never sent to; Twilio’s 21610 opts it out too', async () => {
    await parts.messages.recordOptOut(MEMBER_PHONE, true, new Date(), 'replied STOP')
    const first = await queueConfirmation()
    await parts.worker.runUntilIdle()
    expect(twilio.requests).toHaveLength(0)
    expect(await parts.messages.get(first.key)).toMatchObject({ status: 'skipped' })
    expect((await parts.outbox.getByKey(first.key))?.status).toBe('done')

    // START: messages go again, until Twilio itself says the number replied STOP.
    await parts.messages.recordOptOut(MEMBER_PHONE, false, new Date(), 'replied START')
    twilio.optedOut.add(MEMBER_PHONE)
    const second = await queueConfirmation()
    await parts.worker.runUntilIdle()
    expect(await parts.messages.get(second.key)).toMatchObject({ status: 'failed', errorCode: '21610' })
    expect(await parts.messages.isOptedOut(MEMBER_PHONE)).toBe(true)

    const third = await queueConfirmation()
    await parts.worker.runUntilIdle()
    expect(posts()).toHaveLength(1)
    expect(await parts.messages.get(third.key)).toMatchObject({ status: 'skipped' })
  })

  it('a template with a placeholder the message has no value for fails before sending, naming it', async () => {
    const { key } = await queueConfirmation()
    await db.sql`update templates set body = 'Hi {{memberName}}, see you at {{time}}' where name = 'Payment Confirmation'`
    await parts.worker.runUntilIdle()
    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()

    expect(twilio.requests).toHaveLength(0)
    const job = await parts.outbox.getByKey(key)
    expect(job).toMatchObject({ status: 'failed', attempts: 1 })
    expect(job?.lastError).toBe('"Payment Confirmation" has no value for {{time}}')
    expect(await parts.messages.get(key)).toMatchObject({ status: 'failed', body: null })
  })

  it('a missing template, or a member with no phone, fails with that reason and sends nothing', async () => {
    const noTemplate = await queueConfirmation()
    const noPhone = await queueConfirmation({ phone: null })
    await db.sql`delete from templates where name = 'Payment Confirmation'`
    await parts.worker.runUntilIdle()
    expect(twilio.requests).toHaveLength(0)
    expect((await parts.outbox.getByKey(noTemplate.key))?.lastError).toBe('no "Payment Confirmation" template in Templates')
    expect((await parts.outbox.getByKey(noPhone.key))?.lastError).toMatch(/has no valid phone number/)
  })

  it('reads the member’s current phone, not the one they had when the message was queued', async () => {
    const { key, memberId } = await queueConfirmation()
    await db.sql`update members set phone = '+61400000077' where id = ${memberId}`
    await parts.worker.runUntilIdle()
    expect(twilio.messages.map((message) => message.to)).toEqual(['+61400000077'])
    expect((await parts.messages.get(key))?.toPhone).toBe('+61400000077')
  })

  it('a send whose answer was lost (a timeout after Twilio accepted it) is found on retry, not sent again', async () => {
    const { key } = await queueConfirmation()
    twilio.acceptThenStall(1_000)
    await parts.worker.runUntilIdle()
    expect(twilio.messages).toHaveLength(1)
    expect(await parts.outbox.getByKey(key)).toMatchObject({ status: 'pending' })
    expect(await parts.messages.get(key)).toMatchObject({ status: 'sending', providerSid: null })

    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()
    expect(posts()).toHaveLength(1)
    expect(twilio.requests.map((request) => request.method)).toEqual(['POST', 'GET'])
    expect(await parts.messages.get(key)).toMatchObject({ status: 'sent', providerSid: twilio.messages[0]!.sid })
    expect((await parts.outbox.getByKey(key))?.status).toBe('done')
  })

  it('a lost answer, then the member changes number: the retry finds the first message and sends nothing new', async () => {
    const { key, memberId } = await queueConfirmation()
    twilio.acceptThenStall(1_000)
    await parts.worker.runUntilIdle()
    await db.sql`update members set phone = '+61400000077' where id = ${memberId}`
    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()
    expect(twilio.messages.map((message) => message.to)).toEqual([MEMBER_PHONE])
    expect(await parts.messages.get(key)).toMatchObject({ status: 'sent', providerSid: twilio.messages[0]!.sid })
  })

  it('a look-up that fails (429) leaves the message in doubt; the next attempt asks again before sending', async () => {
    const { key } = await queueConfirmation()
    twilio.acceptThenStall(1_000)
    await parts.worker.runUntilIdle()
    server.use(http.get('*/Messages.json', () => HttpResponse.json({ code: 20429, message: 'Too Many Requests', more_info: '', status: 429 }, { status: 429 }), { once: true }))
    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()
    expect(await parts.messages.get(key)).toMatchObject({ status: 'sending' })
    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()
    expect(twilio.messages).toHaveLength(1)
    expect(posts()).toHaveLength(1)
    expect((await parts.outbox.getByKey(key))?.status).toBe('done')
  })

  it('a 5xx that created nothing: the retry looks, finds nothing, and sends once', async () => {
    const { key } = await queueConfirmation()
    twilio.failNext(1, SERVER_ERROR)
    await parts.worker.runUntilIdle()
    expect(await parts.messages.get(key)).toMatchObject({ status: 'sending' })
    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()
    expect(twilio.requests.map((request) => `${request.method} ${request.status}`)).toEqual(['POST 500', 'GET 200', 'POST 201'])
    expect(twilio.messages).toHaveLength(1)
    expect((await parts.outbox.getByKey(key))?.status).toBe('done')
  })

  it('a crash after Twilio accepted the message, before anything was recorded, does not send it twice', async () => {
    const { key } = await queueConfirmation()
    // The worker died mid-call: the row says `sending`, Twilio has the message, the job's lease ran out.
    await parts.worker.runUntilIdle()
    const sid = twilio.messages[0]!.sid
    await db.sql`update sms_messages set status = 'sending', provider_sid = null, sent_at = null, sending_since = now() - interval '5 seconds' where job_key = ${key}`
    await db.sql`update outbox_jobs set status = 'pending', next_attempt_at = now() where idempotency_key = ${key}`
    await parts.worker.runUntilIdle()
    expect(twilio.messages).toHaveLength(1)
    expect(await parts.messages.get(key)).toMatchObject({ status: 'sent', providerSid: sid })
  })

  it('two workers draining at once send each message once', async () => {
    const keys = await Promise.all(Array.from({ length: 5 }, () => queueConfirmation()))
    const other = build()
    await Promise.all([parts.worker.runUntilIdle(), other.worker.runUntilIdle()])
    expect(twilio.messages).toHaveLength(5)
    for (const { key } of keys) expect((await parts.messages.get(key))?.status).toBe('sent')
  })

  it('a non-urgent message due in the recipient’s night waits for their 08:00, sends nothing meanwhile, then goes', async () => {
    const catalogue = { ...MESSAGES, 'payment-confirmation': { ...MESSAGES['payment-confirmation'], urgent: false } }
    // 23:00 in Sydney (AEDT, +11): their 08:00 is nine hours on.
    let clock = new Date('2027-01-10T12:00:00Z')
    parts = build({ catalogue, now: () => clock })
    const { key } = await queueConfirmation({ timeZone: 'Australia/Sydney' })
    await parts.worker.runUntilIdle()
    expect(twilio.requests).toHaveLength(0)
    const [waiting] = await db.sql<{ status: string; lastError: string; waitMs: number }[]>`
      select status, last_error as "lastError", extract(epoch from next_attempt_at - now()) * 1000 as "waitMs" from outbox_jobs where idempotency_key = ${key}`
    expect(waiting).toMatchObject({ status: 'pending', lastError: "quiet hours in the recipient's zone: waits until 2027-01-10T21:00:00.000Z" })
    expect(Math.abs(Number(waiting!.waitMs) - 9 * 3_600_000)).toBeLessThan(60_000)

    clock = new Date('2027-01-10T21:00:00Z')
    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()
    expect(twilio.messages).toHaveLength(1)
    expect((await parts.outbox.getByKey(key))?.status).toBe('done')
  })
})
