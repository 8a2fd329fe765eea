import { HttpResponse, http } from 'msw'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { describeProviders, loadConfig } from '../../shared/config/loadConfig.ts'
import { paymentConfirmationSms } from '../../supabase/functions/_shared/jobs/messageJobs.ts'
import { TwilioApiError } from '../../supabase/functions/_shared/messages/twilio/twilioErrors.ts'
import { smsMessagesOf, smsSenderOf } from '../../supabase/functions/_shared/runtime/build/messages.ts'
import { outboxOf } from '../../supabase/functions/_shared/runtime/build/sessions.ts'
import { createRuntime, type Runtime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { buildWorker } from '../../supabase/functions/worker/buildWorker.ts'
import { useTestDatabase } from '../support/database.ts'
import { serveHandlers } from '../support/handlerServer.ts'
import { MEMBER_PHONE, seedPaidPurchase } from './support.ts'
import { createFakeTwilio, INVALID_NUMBER, SERVER_ERROR, type FakeTwilio } from './twilioHandlers.ts'

// The production configuration: loadConfig(production) -> the runtime's SMS sender -> fetch over a
// real HTTP port to msw handlers that answer like Twilio.
const db = useTestDatabase()
const ACCOUNT = 'AC-test-twilio-adapter'
const TOKEN = 'prod-like-twilio-auth-token'
const FUNCTIONS_URL = 'https://project.supabase.co/functions/v1'

let twilio: { origin: string; stand: FakeTwilio; close(): Promise<void> }
const extra: { handler?: ReturnType<typeof http.post> } = {}
const runtimes: Runtime[] = []

beforeAll(async () => {
  twilio = await serveHandlers(
    (origin) => {
      const fake = createFakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN, apiUrl: origin })
      return { ...fake, get handlers() { return extra.handler ? [extra.handler, ...fake.handlers] : fake.handlers } }
    },
    () => new Response('not found', { status: 404 }),
  )
})
afterAll(async () => {
  await Promise.all(runtimes.map((rt) => rt.close()))
  await twilio.close()
})
beforeEach(async () => {
  await db.reset()
  twilio.stand.reset()
  extra.handler = undefined
})

function runtime(env: Record<string, string> = {}) {
  const config = loadConfig(
    {
      DATABASE_URL: db.url,
      FUNCTIONS_URL,
      APP_URL: 'https://presence.example',
      CALCOM_WEBHOOK_SECRET: 'calcom-secret',
      LINK_SIGNING_SECRET: 'link-secret-link-secret',
      SUPABASE_SERVICE_ROLE_KEY: 'service-role',
      SUPABASE_URL: 'https://project.supabase.co',
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_123',
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+61480000000',
      TWILIO_API_URL: twilio.origin,
      ...env,
    },
    { production: true },
  )
  const rt = createRuntime(config, { log: silentLogger, databaseMaxConnections: 2 })
  runtimes.push(rt)
  return rt
}

async function failure(promise: Promise<unknown>): Promise<TwilioApiError> {
  const error = await promise.then(() => new Error('expected the send to fail'), (caught: unknown) => caught)
  expect(error).toBeInstanceOf(TwilioApiError)
  return error as TwilioApiError
}

describe('Twilio adapter, production configuration, over HTTP', () => {
  it('the worker sends the payment confirmation through Twilio once: form-encoded, Basic auth, StatusCallback to sms-status', async () => {
    const rt = runtime()
    expect(describeProviders(rt.config).SMS).toBe('Twilio (from +61480000000)')
    const { purchaseId, memberId } = await seedPaidPurchase(db.sql)
    const request = paymentConfirmationSms(purchaseId, memberId)
    await outboxOf(rt).enqueue(rt.sql, [request])
    await buildWorker(rt).runUntilIdle()
    await buildWorker(rt).runUntilIdle()

    expect(twilio.stand.messages).toHaveLength(1)
    expect(twilio.stand.messages[0]).toMatchObject({ to: MEMBER_PHONE, from: '+61480000000', status_callback: `${FUNCTIONS_URL}/sms-status` })
    expect(twilio.stand.messages[0]!.body).toContain(`https://presence.example/book?purchase=${purchaseId}`)
    expect(twilio.stand.requests).toEqual([{ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, status: 201 }])
    expect(await smsMessagesOf(rt).get(request.key)).toMatchObject({ status: 'sent', providerSid: twilio.stand.messages[0]!.sid })
  })

  it('sends through a Messaging Service when one is configured', async () => {
    const rt = runtime({ TWILIO_FROM: '', TWILIO_MESSAGING_SERVICE_SID: 'MG0123' })
    const accepted = await smsSenderOf(rt).sender.send({ to: MEMBER_PHONE, body: 'Hi' })
    expect(accepted.status).toBe('accepted')
    expect(twilio.stand.messages[0]).toMatchObject({ messaging_service_sid: 'MG0123', from: null })
  })

  it('classifies Twilio’s answers: 21211 permanent, 429 retryable after its Retry-After, 5xx retryable and in doubt, bad credentials permanent', async () => {
    const { sender, retry } = smsSenderOf(runtime())
    twilio.stand.failNext(1, INVALID_NUMBER('+61400000000'))
    const invalid = await failure(sender.send({ to: '+61400000000', body: 'Hi' }))
    expect(invalid).toMatchObject({ twilioCode: 21211, retryable: false, outcome: 'refused', providerStatus: 400 })
    expect(retry.retryable(invalid)).toBe(false)

    extra.handler = http.post('*/Messages.json', () =>
      HttpResponse.json({ code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 }, { status: 429, headers: { 'Retry-After': '7' } }),
    )
    const limited = await failure(sender.send({ to: MEMBER_PHONE, body: 'Hi' }))
    expect(limited).toMatchObject({ twilioCode: 20429, retryable: true, outcome: 'refused', retryAfterMs: 7000 })
    expect(retry.waitMs(limited, 1)).toBe(7000)
    extra.handler = undefined

    twilio.stand.failNext(1, SERVER_ERROR)
    expect(await failure(sender.send({ to: MEMBER_PHONE, body: 'Hi' }))).toMatchObject({ retryable: true, outcome: 'unknown', providerStatus: 500 })

    const wrongToken = smsSenderOf(runtime({ TWILIO_AUTH_TOKEN: 'not-the-token' })).sender
    expect(await failure(wrongToken.send({ to: MEMBER_PHONE, body: 'Hi' }))).toMatchObject({ twilioCode: 20003, retryable: false, providerStatus: 401 })
    expect(twilio.stand.messages).toHaveLength(0)
  })

  it('a Twilio that does not answer is a retryable, in-doubt failure', async () => {
    twilio.stand.acceptThenStall(15_000)
    const rt = runtime()
    const error = await failure(smsSenderOf(rt).sender.send({ to: MEMBER_PHONE, body: 'Hi' }))
    expect(error).toMatchObject({ retryable: true, outcome: 'unknown' })
    expect(error.message).toMatch(/no answer within 10000 ms/)
  }, 20_000)

  it('deployed with Twilio, FUNCTIONS_URL is required: it is the status callback Twilio signs', () => {
    expect(() => runtime({ FUNCTIONS_URL: '' })).toThrow(/FUNCTIONS_URL: required with TWILIO_ACCOUNT_SID when deployed/)
  })

  it('with no Twilio credentials the stand-in is used and named', () => {
    const config = loadConfig({ DATABASE_URL: db.url })
    expect(config.twilio).toBeUndefined()
    expect(describeProviders(config).SMS).toBe('printed here and marked "logged" (stand-in for Twilio)')
  })
})
