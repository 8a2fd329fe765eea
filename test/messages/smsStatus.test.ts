import { createHmac } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import { createInbox } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { createMessageRecordSync } from '../../supabase/functions/_shared/messages/messageRecordSync.ts'
import { createMessageStates } from '../../supabase/functions/_shared/messages/messageStates.ts'
import { createSmsMessages } from '../../supabase/functions/_shared/messages/smsMessages.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createWorker } from '../../supabase/functions/_shared/worker/worker.ts'
import { createSmsStatusHandler } from '../../supabase/functions/sms-status/handler.ts'
import { createTwilioProcessor } from '../../supabase/functions/sms-status/processor.ts'
import { useTestDatabase } from '../support/database.ts'
import { letBackoffElapse } from '../support/pipeline.ts'

const db = useTestDatabase()
const TOKEN = 'twilio-status-test-token'
const PUBLIC_URL = 'https://project.supabase.co/functions/v1/sms-status'
const PHONE = '+61400000009'

/** Signed as Twilio signs: Node's HMAC-SHA1 over the URL and the sorted parameters. */
function twilioRequest(params: Record<string, string>, options: { token?: string; url?: string; signature?: string | null } = {}) {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], options.url ?? PUBLIC_URL)
  const signature = options.signature === undefined ? createHmac('sha1', options.token ?? TOKEN).update(data).digest('base64') : options.signature
  return new Request('http://127.0.0.1:54321/functions/v1/sms-status', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === null ? {} : { 'x-twilio-signature': signature }) },
    body: new URLSearchParams(params).toString(),
  })
}

const statusCallback = (sid: string, status: string, extra: Record<string, string> = {}) => ({
  AccountSid: 'AC1', MessageSid: sid, SmsSid: sid, MessageStatus: status, SmsStatus: status, To: PHONE, From: '+61480000000', ApiVersion: '2010-04-01', ...extra,
})
const inbound = (sid: string, body: string) => ({ AccountSid: 'AC1', MessageSid: sid, SmsSid: sid, From: PHONE, To: '+61480000000', Body: body, NumMedia: '0' })

function build() {
  const inbox = createInbox(db.sql)
  const messages = createSmsMessages(db.sql)
  const handler = createSmsStatusHandler({ authToken: TOKEN, publicUrl: PUBLIC_URL, inbox, wake: () => {}, log: silentLogger })
  const outbox = createOutbox(db.sql)
  const recordSync = createMessageRecordSync({ sql: db.sql, outbox, states: createMessageStates(db.sql) })
  const worker = createWorker({ inbox, outbox, processors: { twilio: createTwilioProcessor({ messages, recordSync }) }, jobs: {}, log: silentLogger, workerId: 'w' })
  return { handler, worker, messages }
}

let parts: ReturnType<typeof build>
const identity = { jobKey: 'sms:test:1', message: 'payment-confirmation', recipientRole: 'member' as const, recipientId: 'm1' }

beforeEach(async () => {
  await db.reset()
  parts = build()
  await parts.messages.markSending(identity, PHONE, 'Hello', new Date())
  await parts.messages.markSent(identity, 'sent', 'SM1', 'queued')
})

async function post(params: Record<string, string>, options?: Parameters<typeof twilioRequest>[1]) {
  const response = await parts.handler(twilioRequest(params, options))
  await parts.worker.runUntilIdle()
  return response
}

const deliveryOf = async () => {
  const row = await parts.messages.get(identity.jobKey)
  return { status: row?.deliveryStatus, code: row?.deliveryErrorCode }
}
const deliveries = () => db.sql<{ count: number }[]>`select count(*)::int as count from webhook_deliveries`.then(([row]) => row!.count)

describe('sms-status', () => {
  it('records each delivery state, answering Twilio with empty TwiML', async () => {
    const response = await post(statusCallback('SM1', 'sent'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/xml/)
    expect(await response.text()).toContain('<Response></Response>')
    expect(await deliveryOf()).toEqual({ status: 'sent', code: null })
    await post(statusCallback('SM1', 'delivered'))
    expect(await deliveryOf()).toEqual({ status: 'delivered', code: null })
  })

  it('records undelivered with its ErrorCode', async () => {
    await post(statusCallback('SM1', 'undelivered', { ErrorCode: '30006' }))
    expect(await deliveryOf()).toEqual({ status: 'undelivered', code: '30006' })
  })

  it('an out-of-order callback never moves the state backwards, and a repeat is one delivery', async () => {
    await post(statusCallback('SM1', 'delivered'))
    await post(statusCallback('SM1', 'sent'))
    await post(statusCallback('SM1', 'queued'))
    await post(statusCallback('SM1', 'delivered'))
    expect(await deliveryOf()).toEqual({ status: 'delivered', code: null })
    expect(await deliveries()).toBe(3)
  })

  it('a bad, missing or other-URL signature is refused with 403 and writes nothing', async () => {
    for (const options of [{ token: 'not-the-token' }, { signature: null }, { url: 'https://elsewhere.test/sms-status' }, { signature: 'AAAA' }]) {
      const response = await post(statusCallback('SM1', 'failed', { ErrorCode: '30005' }), options)
      expect(response.status).toBe(403)
    }
    expect(await deliveries()).toBe(0)
    expect(await deliveryOf()).toEqual({ status: 'queued', code: null })
  })

  it('refuses everything when Twilio is not configured', async () => {
    const handler = createSmsStatusHandler({ authToken: undefined, publicUrl: PUBLIC_URL, inbox: createInbox(db.sql), wake: () => {}, log: silentLogger })
    expect((await handler(twilioRequest(statusCallback('SM1', 'sent')))).status).toBe(403)
    expect(await deliveries()).toBe(0)
  })

  it('a callback that beats the send’s own answer is kept and applied once the sid is known', async () => {
    await post(statusCallback('SM2', 'delivered'))
    const [delivery] = await db.sql<{ status: string; lastError: string }[]>`select status, last_error as "lastError" from webhook_deliveries`
    expect(delivery).toMatchObject({ status: 'pending', lastError: 'no message with Twilio sid SM2 (yet)' })

    const second = { ...identity, jobKey: 'sms:test:2' }
    await parts.messages.markSending(second, PHONE, 'Hi', new Date())
    await parts.messages.markSent(second, 'sent', 'SM2', 'queued')
    await letBackoffElapse(db)
    await parts.worker.runUntilIdle()
    expect((await parts.messages.get(second.jobKey))?.deliveryStatus).toBe('delivered')
  })

  it('STOP (any case, any of Twilio’s words) opts the number out; START opts it back in; other replies change nothing', async () => {
    await post(inbound('SMa', '  stop '))
    expect(await parts.messages.isOptedOut(PHONE)).toBe(true)
    await post(inbound('SMb', 'thanks!'))
    expect(await parts.messages.isOptedOut(PHONE)).toBe(true)
    await post(inbound('SMc', 'START'))
    expect(await parts.messages.isOptedOut(PHONE)).toBe(false)
    await post(inbound('SMd', 'Unsubscribe'))
    expect(await parts.messages.isOptedOut(PHONE)).toBe(true)
  })

  it('a STOP applied after a later START (out of order) leaves the number opted in', async () => {
    await parts.messages.recordOptOut(PHONE, false, new Date(Date.now() + 60_000), 'replied START')
    await post(inbound('SMe', 'STOP'))
    expect(await parts.messages.isOptedOut(PHONE)).toBe(false)
  })
})
