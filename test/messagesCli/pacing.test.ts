import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTwilioStandIn, type TwilioStandIn } from '../../scripts/bench/twilioStandIn.ts'
import { loadConfig } from '../../shared/config/loadConfig.ts'
import { TwilioApiError } from '../../supabase/functions/_shared/messages/twilio/twilioErrors.ts'
import { createTwilioSender } from '../../supabase/functions/_shared/messages/twilio/twilioSender.ts'
import { smsSenderOf } from '../../supabase/functions/_shared/runtime/build/messages.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { createRuntime, type Runtime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import { useTestDatabase } from '../support/database.ts'
import { ACCOUNT, AUTH_TOKEN, FROM } from './support.ts'

const db = useTestDatabase()
let twilio: TwilioStandIn
const runtimes: Runtime[] = []

beforeAll(async () => {
  // Twilio's one a second, less 100 ms for this machine's scheduling (tests share two cores): the
  // senders space their sends 1,050 ms apart, so only a send that left early, or unpaced, is refused.
  twilio = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: AUTH_TOKEN, windowMs: 900 })
})
afterAll(async () => {
  await Promise.all(runtimes.map((rt) => rt.close()))
  await twilio.close()
})
beforeEach(async () => {
  await db.reset()
  twilio.reset()
})

/** The sender each of two worker processes builds from the same settings: Twilio from one number, over HTTP. */
async function twoProcessSenders() {
  const env = { DATABASE_URL: db.url, TWILIO_ACCOUNT_SID: ACCOUNT, TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: FROM, TWILIO_API_URL: twilio.url }
  const senders = []
  for (let i = 0; i < 2; i++) {
    const rt = createRuntime({ ...loadConfig(env), databaseUrl: db.url }, { log: silentLogger, databaseMaxConnections: 2 })
    runtimes.push(rt)
    const { sender } = smsSenderOf(rt)
    // A look-up sends nothing and takes no slot: it opens the connection, so the first send is not slowed by it.
    await sender.findSent({ to: '+61400000000', body: '' }, new Date())
    senders.push(sender)
  }
  return senders
}

const sms = (i: number) => ({ to: `+6140000070${i}`, body: `message ${i}` })

describe('sending from one Twilio number', () => {
  it('two processes together send no faster than one a second: Twilio (the stand-in) refuses none', async () => {
    const [a, b] = await twoProcessSenders()
    const started = performance.now()
    await Promise.all([a!.send(sms(1)), b!.send(sms(2)), a!.send(sms(3)), b!.send(sms(4))])
    const times = twilio.accepted.get(FROM)!
    expect(times).toHaveLength(4)
    expect(twilio.tooManyRequests).toBe(0)
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(900)
    expect(performance.now() - started).toBeGreaterThanOrEqual(3000)
  })

  it('a 429 from Twilio holds every process sending from that number off for as long as it asks', async () => {
    const [a, b] = await twoProcessSenders()
    twilio.retryAfter(3)
    // Something else sent from the number just now: our next send is refused.
    const outside = createTwilioSender({ accountSid: ACCOUNT, authToken: AUTH_TOKEN, from: { number: FROM }, apiUrl: twilio.url, statusCallback: 'http://127.0.0.1/sms-status' })
    await outside.send(sms(0))
    const refused = await a!.send(sms(1)).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(TwilioApiError)
    expect(refused).toMatchObject({ twilioCode: 20429, retryable: true })
    const refusedAt = performance.now()

    await b!.send(sms(2))
    // Pacing alone would have sent it a second after the refused one.
    expect(performance.now() - refusedAt).toBeGreaterThanOrEqual(2900)
    expect(twilio.tooManyRequests).toBe(1)
    expect(twilio.accepted.get(FROM)).toHaveLength(2)
  })
})
