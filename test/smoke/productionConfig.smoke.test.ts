import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import { startLocalStack, type LocalStack } from '../../scripts/stack/localStack.ts'
import { startAirtableServer, type AirtableServer } from '../support/airtable/index.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { startDailyServer } from '../support/daily/dailyServer.ts'
import { eventually, freePort } from '../support/ports.ts'

const SECRET = 'prod-smoke-calcom-secret'
const OPS = 'Presence Operations'

// The production configuration under real Deno: the functions and the worker process use the
// Airtable and Daily adapters, against stand-ins of both APIs on real HTTP ports.
describe('smoke: the functions and the worker with the Airtable and Daily adapters', () => {
  let stack: LocalStack
  let airtable: AirtableServer
  let daily: Awaited<ReturnType<typeof startDailyServer>>

  beforeAll(async () => {
    // Rate limit off: in this process the stand-in's clock shares an event loop with the embedded
    // database; the limit is exercised against a stand-in in its own process elsewhere.
    airtable = await startAirtableServer({ requestsPerSecond: null })
    airtable.standIn.insert('Hosts', { Name: 'Jane Rivers', Email: 'jane@presence.example', Status: 'Active' })
    daily = await startDailyServer({ apiKey: 'daily-smoke-key', domain: 'presence' })
    stack = await startLocalStack({
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        FUNCTIONS_PORT: String(await freePort()),
        DB_PORT: String(await freePort()),
        WORKER_PORT: String(await freePort()),
        CALCOM_WEBHOOK_SECRET: SECRET,
        AIRTABLE_API_KEY: airtable.standIn.apiKey,
        AIRTABLE_BASE_ID: airtable.standIn.baseId,
        AIRTABLE_API_URL: airtable.url,
        DAILY_API_KEY: 'daily-smoke-key',
        DAILY_DOMAIN: 'presence',
        DAILY_API_URL: daily.url,
      },
      onFunctionsOutput: () => {},
    })
  }, 120_000)

  afterAll(async () => {
    await stack?.stop()
    await airtable?.close()
    await daily?.close()
  })

  const post = async (body: unknown) => {
    const raw = JSON.stringify(body)
    return fetch(`${stack.functionsUrl}/calcom-webhook-handler`, { method: 'POST', headers: { 'x-cal-signature-256': await signCalcomBody(SECRET, raw) }, body: raw })
  }
  const recordOf = (bookingId: string, ready: (fields: Record<string, unknown>) => boolean) =>
    eventually(async () => {
      const found = airtable.standIn.records(OPS).find((record) => record.fields['Cal.com Booking ID'] === bookingId)
      return found && ready(found.fields) ? found.fields : undefined
    }, 20_000, `Airtable record ${bookingId}`)

  it('a booking becomes an Airtable record with a private Daily room; a reschedule moves both; a cancel deletes the room', async () => {
    const first = sessionTimes(90)
    const second = sessionTimes(60 * 24)
    expect((await post(calcomEvents.created({ uid: 'prod-a', ...first }))).status).toBe(200)
    const created = await recordOf('prod-a', (fields) => fields['Video Room Status'] === 'Active')
    expect(created).toMatchObject({ 'Booking Status': 'Created', 'Host Name': 'Jane Rivers' })
    const room = daily.daily.rooms.get(String(created['Video Room Name']))
    expect(room?.privacy).toBe('private')
    expect(created['Video Room URL']).toBe(`https://presence.daily.co/${room!.name}`)

    expect((await post(calcomEvents.rescheduled({ uid: 'prod-b', ...second, previousUid: 'prod-a', previousStart: first.start, previousEnd: first.end }))).status).toBe(200)
    await recordOf('prod-b', (fields) => fields['Session Start Time'] === second.start)
    expect(daily.daily.rooms.get(room!.name)?.config.nbf).toBe(Date.parse(second.start) / 1000 - 15 * 60)

    expect((await post(calcomEvents.cancelled({ uid: 'prod-b', ...second }, { reason: 'Travelling' }))).status).toBe(200)
    await recordOf('prod-b', (fields) => fields['Booking Status'] === 'Cancelled' && fields['Video Room Status'] === 'Ended')
    expect(daily.daily.rooms.size).toBe(0)
    expect(airtable.standIn.records(OPS)).toHaveLength(1)
  })

  it('a Daily outage leaves the record Not Created, and the worker makes the room once Daily is back', async () => {
    daily.daily.failNext(1, 503)
    expect((await post(calcomEvents.created({ uid: 'prod-outage', ...sessionTimes(120) }))).status).toBe(200)
    await recordOf('prod-outage', (fields) => fields['Video Room Status'] === 'Not Created')
    // The room job backs off (Daily's policy starts at a second), then succeeds.
    await recordOf('prod-outage', (fields) => fields['Video Room Status'] === 'Active')
  })
})
