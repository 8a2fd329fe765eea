import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutCreatedSchema } from '../../shared/api/checkout.ts'
import { DEVELOPMENT_SECRETS } from '../../shared/config/loadConfig.ts'
import { signJwtHs256 } from '../../shared/crypto/jwt.ts'
import { DEMO_MEMBER } from '../../scripts/db/seed.ts'
import { startLocalStack, type LocalStack } from '../../scripts/stack/localStack.ts'
import { connectDatabase, type Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { eventually, freePort } from '../support/ports.ts'

const APP_URL = 'http://127.0.0.1:5173'

// `npm start` with no Twilio credentials: the functions and the worker under real Deno, the local
// checkout stand-in, and the local SMS stand-in (prints each message and marks it "logged").
describe('smoke: a paid purchase ends with the payment confirmation logged once', () => {
  let stack: LocalStack
  let sql: Sql
  const workerLines: string[] = []

  beforeAll(async () => {
    const [functionsPort, dbPort, workerPort] = [await freePort(), await freePort(), await freePort()]
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, FUNCTIONS_PORT: String(functionsPort), DB_PORT: String(dbPort), WORKER_PORT: String(workerPort), APP_URL }
    stack = await startLocalStack({ env, onFunctionsOutput: () => {}, onWorkerOutput: (line) => workerLines.push(line) })
    sql = connectDatabase(stack.databaseUrl, { max: 2 })
  }, 120_000)

  afterAll(async () => {
    await sql?.end()
    await stack?.stop()
  })

  async function memberToken(): Promise<string> {
    const issuer = `${stack.config.auth.url}/auth/v1`
    const now = Math.floor(Date.now() / 1000)
    return signJwtHs256({ sub: 'sms-smoke', aud: 'authenticated', iss: issuer, role: 'authenticated', phone: DEMO_MEMBER.phone.slice(1), iat: now, exp: now + 600 }, DEVELOPMENT_SECRETS.jwt)
  }

  const printed = () => workerLines.filter((line) => line.includes('SMS (local stand-in for Twilio'))

  it('checkout, Pay, then one SMS printed and marked logged; send-sms for it again sends nothing more', async () => {
    const [host] = await sql<{ id: string; name: string }[]>`select id::text, name from hosts where status = 'Active' order by name limit 1`
    const headers = { authorization: `Bearer ${await memberToken()}`, origin: APP_URL, 'content-type': 'application/json' }
    const created = await fetch(`${stack.functionsUrl}/checkout`, { method: 'POST', headers, body: JSON.stringify({ hostId: host!.id, plan: 'adhoc' }) })
    expect(created.status).toBe(200)
    const { purchaseId, url } = checkoutCreatedSchema.parse(await created.json())
    expect((await fetch(`${url}/pay`, { method: 'POST', redirect: 'manual' })).status).toBe(303)

    const row = await eventually(async () => {
      const [message] = await sql<{ jobKey: string; status: string; body: string; to: string }[]>`
        select job_key as "jobKey", status, body, to_phone as to from sms_messages where message = 'payment-confirmation'`
      return message?.status === 'logged' ? message : undefined
    }, 30_000, 'the logged payment confirmation')
    expect(row.to).toBe(DEMO_MEMBER.phone)
    expect(row.body).toBe(`Thanks ${DEMO_MEMBER.name}, your Adhoc plan with ${host!.name} is paid. Book your session: ${APP_URL}/book?purchase=${purchaseId}`)
    await eventually(async () => printed().length > 0 || undefined, 10_000, 'the printed SMS')
    expect(printed()).toHaveLength(1)
    expect(printed()[0]).toContain(`/book?purchase=${purchaseId}`)

    const send = (key: string) =>
      fetch(`${stack.functionsUrl}/send-sms`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ jobKey: row.jobKey }) })
    const again = await send(DEVELOPMENT_SECRETS.serviceRole)
    expect(again.status).toBe(200)
    expect(await again.json()).toMatchObject({ jobKey: row.jobKey, jobStatus: 'done', message: { status: 'logged' } })
    expect((await send('wrong-key')).status).toBe(401)
    expect(await sql`select 1 from sms_messages`).toHaveLength(1)
    expect(printed()).toHaveLength(1)
  })

  it('sms-status refuses callbacks when Twilio is not configured, writing nothing', async () => {
    const response = await fetch(`${stack.functionsUrl}/sms-status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'AAAA' },
      body: 'MessageSid=SM1&MessageStatus=delivered',
    })
    expect(response.status).toBe(403)
    expect(await sql`select 1 from webhook_deliveries where provider = 'twilio'`).toHaveLength(0)
  })
})
