import { describe, expect, it } from 'vitest'
import { DEVELOPMENT_SECRETS } from '../../shared/config/loadConfig.ts'
import { DEMO_MEMBER } from '../../scripts/db/seed.ts'
import { eventually } from '../support/ports.ts'
import { confirmationRow, payThroughLocalCheckout } from './support.ts'
import { useLocalStack } from '../support/localStackForFile.ts'

const APP_URL = 'http://127.0.0.1:5173'

// `npm start` with no Twilio credentials: the functions and the worker under real Deno, the local
// checkout stand-in, and the local SMS stand-in (prints each message and marks it "logged").
describe('smoke: a paid purchase ends with the payment confirmation logged once', () => {
  const workerLines: string[] = []

  const local = useLocalStack(() => ({ APP_URL }), { onWorkerOutput: (line) => workerLines.push(line) })

  const printed = () => workerLines.filter((line) => line.includes('SMS (local stand-in for Twilio'))

  it('checkout, Pay, then one SMS printed and marked logged; send-sms for it again sends nothing more', async () => {
    const { purchaseId, host } = await payThroughLocalCheckout(local.stack, local.sql)
    const row = await confirmationRow(local.sql, 'logged')
    expect(row.to).toBe(DEMO_MEMBER.phone)
    expect(row.body).toBe(`Thanks ${DEMO_MEMBER.name}, your Adhoc plan with ${host.name} is paid. Book your session: ${APP_URL}/book?purchase=${purchaseId}`)
    await eventually(async () => printed().length > 0 || undefined, 10_000, 'the printed SMS')
    expect(printed()).toHaveLength(1)
    expect(printed()[0]).toContain(`/book?purchase=${purchaseId}`)

    // The worker marks the job done a moment after the message is logged (the record sync is queued
    // between); until then send-sms rightly answers 202, another worker is sending it.
    await eventually(async () => (await local.sql`select 1 from outbox_jobs where idempotency_key = ${row.jobKey} and status = 'done'`).length > 0 || undefined, 10_000, 'the job done')
    const send = (key: string) =>
      fetch(`${local.stack.functionsUrl}/send-sms`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ jobKey: row.jobKey }) })
    const again = await send(DEVELOPMENT_SECRETS.serviceRole)
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ jobKey: row.jobKey, jobStatus: 'done', message: { status: 'logged' } })
    expect((await send('wrong-key')).status).toBe(401)
    expect(await local.sql`select 1 from sms_messages`).toHaveLength(1)
    expect(printed()).toHaveLength(1)
  })

  it('sms-status refuses callbacks when Twilio is not configured, writing nothing', async () => {
    const response = await fetch(`${local.stack.functionsUrl}/sms-status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' },
      body: 'MessageSid=SM1&MessageStatus=delivered',
    })
    expect(response.status).toBe(403)
    expect(await local.sql`select 1 from webhook_deliveries where provider = 'twilio'`).toHaveLength(0)
  })
})
