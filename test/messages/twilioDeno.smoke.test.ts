import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_MEMBER } from '../../scripts/db/seed.ts'
import { serveHandlers } from '../support/handlerServer.ts'
import { eventually } from '../support/ports.ts'
import { confirmationRow, payThroughLocalCheckout } from './support.ts'
import { createFakeTwilio, type FakeTwilio } from './twilioHandlers.ts'
import { useLocalStack } from '../support/localStackForFile.ts'

const ACCOUNT = 'AC-test-twilio-deno'
const TOKEN = 'deno-smoke-twilio-auth-token'

// The Twilio adapter under real Deno: the local stack's worker sends through fetch to msw handlers
// that answer like Twilio on a real port; sms-status under Deno takes the signed callbacks.
describe('smoke: the payment confirmation through the Twilio adapter under Deno', () => {
  let twilio: { origin: string; stand: FakeTwilio; close(): Promise<void> }

  beforeAll(async () => {
    twilio = await serveHandlers((origin) => createFakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN, apiUrl: origin }), () => new Response('not found', { status: 404 }))
  })
  afterAll(async () => {
    await twilio?.close()
  })
  const local = useLocalStack(() => ({ TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_FROM: '+61480000000', TWILIO_API_URL: twilio.origin }))

  function signed(params: Record<string, string>, token = TOKEN) {
    const url = `${local.stack.functionsUrl}/sms-status`
    const data = Object.keys(params).sort().reduce((text, name) => text + name + params[name], url)
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': createHmac('sha1', token).update(data).digest('base64') },
      body: new URLSearchParams(params).toString(),
    })
  }

  it('sends once through Twilio, then records the delivered callback; a forged one is refused', async () => {
    expect(local.stack.config.twilio?.accountSid).toBe(ACCOUNT)
    await payThroughLocalCheckout(local.stack, local.sql)
    const row = await confirmationRow(local.sql, 'sent')
    expect(twilio.stand.messages).toHaveLength(1)
    const [message] = twilio.stand.messages
    expect(message).toMatchObject({ sid: row.sid, to: DEMO_MEMBER.phone, from: '+61480000000', status_callback: `${local.stack.functionsUrl}/sms-status` })

    const callback = { AccountSid: ACCOUNT, MessageSid: row.sid!, MessageStatus: 'delivered', To: DEMO_MEMBER.phone, From: '+61480000000', ApiVersion: '2010-04-01' }
    expect((await signed({ ...callback, MessageStatus: 'failed', ErrorCode: '30006' }, 'not-the-token')).status).toBe(403)
    expect((await signed(callback)).status).toBe(200)
    await eventually(async () => (await confirmationRow(local.sql, 'sent')).deliveryStatus === 'delivered' || undefined, 20_000, 'the delivered state')
    expect((await signed({ ...callback, MessageStatus: 'sent' })).status).toBe(200)
    await eventually(async () => {
      const [late] = await local.sql<{ status: string }[]>`select status from webhook_deliveries where provider = 'twilio' and dedupe_key = ${`${row.sid}:sent`}`
      return late?.status === 'ignored' || undefined
    }, 20_000, 'the late callback handled')
    expect((await confirmationRow(local.sql, 'sent')).deliveryStatus).toBe('delivered')
    expect(twilio.stand.messages).toHaveLength(1)
  })
})
