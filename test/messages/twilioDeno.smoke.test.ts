import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MEMBER } from '../../scripts/db/seed.ts'
import { startLocalStack, type LocalStack } from '../../scripts/stack/localStack.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { serveHandlers } from '../support/handlerServer.ts'
import { eventually, freePort } from '../support/ports.ts'
import { confirmationRow, payThroughLocalCheckout } from './support.ts'
import { createFakeTwilio, type FakeTwilio } from './twilioHandlers.ts'

const ACCOUNT = 'AC-test-twilio-deno'
const TOKEN = 'deno-smoke-twilio-auth-token'

// The Twilio adapter under real Deno: the local stack's worker sends through fetch to msw handlers
// that answer like Twilio on a real port; sms-status under Deno takes the signed callbacks.
describe('smoke: the payment confirmation through the Twilio adapter under Deno', () => {
  let twilio: { origin: string; stand: FakeTwilio; close(): Promise<void> }
  let stack: LocalStack
  let sql: Sql

  beforeAll(async () => {
    twilio = await serveHandlers((origin) => createFakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN, apiUrl: origin }), () => new Response('not found', { status: 404 }))
    const [functionsPort, dbPort, workerPort] = [await freePort(), await freePort(), await freePort()]
    const env = {
      PATH: process.env.PATH, HOME: process.env.HOME, FUNCTIONS_PORT: String(functionsPort), DB_PORT: String(dbPort), WORKER_PORT: String(workerPort),
      TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: '+61480000000', TWILIO_API_URL: twilio.origin,
    }
    stack = await startLocalStack({ env, onFunctionsOutput: () => {} })
    sql = connectDatabase(stack.databaseUrl, { max: 2 })
  }, 120_000)

  afterAll(async () => {
    await sql?.end()
    await stack?.stop()
    await twilio?.close()
  })

  function signed(params: Record<string, string>, token = TOKEN) {
    const url = `${stack.functionsUrl}/sms-status`
    const data = Object.keys(params).sort().reduce((text, name) => text + name + params[name], url)
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': createHmac('sha1', token).update(data).digest('base64') },
      body: new URLSearchParams(params).toString(),
    })
  }

  it('sends once through Twilio, then records the delivered callback; a forged one is refused', async () => {
    expect(stack.config.twilio?.accountSid).toBe(ACCOUNT)
    await payThroughLocalCheckout(stack, sql)
    const row = await confirmationRow(sql, 'sent')
    expect(twilio.stand.messages).toHaveLength(1)
    const [message] = twilio.stand.messages
    expect(message).toMatchObject({ sid: row.sid, to: DEMO_MEMBER.phone, from: '+61480000000', status_callback: `${stack.functionsUrl}/sms-status` })

    const callback = { AccountSid: ACCOUNT, MessageSid: row.sid!, MessageStatus: 'delivered', To: DEMO_MEMBER.phone, From: '+61480000000', ApiVersion: '2010-04-01' }
    expect((await signed({ ...callback, MessageStatus: 'failed', ErrorCode: '30006' }, 'not-the-token')).status).toBe(403)
    expect((await signed(callback)).status).toBe(200)
    await eventually(async () => (await confirmationRow(sql, 'sent')).deliveryStatus === 'delivered' || undefined, 20_000, 'the delivered state')
    expect((await signed({ ...callback, MessageStatus: 'sent' })).status).toBe(200)
    await eventually(async () => {
      const [late] = await sql<{ status: string }[]>`select status from webhook_deliveries where provider = 'twilio' and dedupe_key = ${`${row.sid}:sent`}`
      return late?.status === 'ignored' || undefined
    }, 20_000, 'the late callback handled')
    expect((await confirmationRow(sql, 'sent')).deliveryStatus).toBe('delivered')
    expect(twilio.stand.messages).toHaveLength(1)
  })
})
