import { beforeAll, describe, expect, it } from 'vitest'
import { signCalcomBody } from '../../shared/calcom/signature.ts'
import type { OperationRecord } from '../../shared/operations/record.ts'
import { createPostgresOperationsStore } from '../../supabase/functions/_shared/store/postgres/operationsStore.ts'
import { calcomEvents, sessionTimes } from '../support/calcomEvents.ts'
import { eventually } from '../support/ports.ts'
import { useLocalStack } from '../support/localStackForFile.ts'

const SECRET = 'smoke-calcom-secret'
const SERVICE_KEY = 'smoke-service-key'

// The functions as they run for real: Deno, over HTTP, against the embedded Postgres.
describe('smoke: edge functions under real Deno', () => {
  let url: string

  const local = useLocalStack(() => ({ CALCOM_WEBHOOK_SECRET: SECRET, SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY }))
  beforeAll(() => {
    url = `${local.stack.functionsUrl}/calcom-webhook-handler`
  })

  async function post(body: string, headers: Record<string, string> = {}) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cal-signature-256': await signCalcomBody(SECRET, body), ...headers }, body })
  }
  const record = (uid: string, ready: (r: OperationRecord) => boolean) =>
    eventually(async () => {
      const found = await createPostgresOperationsStore(local.sql).findByBookingId(uid)
      return found && ready(found) ? found : undefined
    }, 15_000, `record ${uid}`)

  it('create, duplicate, reschedule and cancel end in one correct record and no live room', async () => {
    const first = sessionTimes(90)
    const second = sessionTimes(60 * 48)
    const created = JSON.stringify(calcomEvents.created({ uid: 'smoke-a', ...first }))
    expect((await post(created)).status).toBe(200)
    expect(await (await post(created)).json()).toMatchObject({ status: 'duplicate' })

    const live = await record('smoke-a', (r) => r.roomStatus === 'Active')
    expect(live).toMatchObject({ bookingStatus: 'Created', hostName: 'Jane Rivers', memberName: 'Max Member', sessionStart: first.start })
    const page = await fetch(live.roomUrl!)
    expect(page.status).toBe(403) // the local room page wants a meeting token

    const moved = JSON.stringify(calcomEvents.rescheduled({ uid: 'smoke-b', ...second, previousUid: 'smoke-a', previousStart: first.start, previousEnd: first.end }))
    expect((await post(moved)).status).toBe(200)
    const rescheduled = await record('smoke-b', (r) => r.sessionStart === second.start)
    expect(rescheduled).toMatchObject({ previousBookingIds: ['smoke-a'], roomName: live.roomName, roomStatus: 'Active' })

    const cancelled = JSON.stringify(calcomEvents.cancelled({ uid: 'smoke-b', ...second }, { reason: 'Travelling' }))
    expect((await post(cancelled)).status).toBe(200)
    await record('smoke-b', (r) => r.bookingStatus === 'Cancelled' && r.roomStatus === 'Ended')
    expect(await local.sql`select 1 from local_rooms where deleted_at is null`).toHaveLength(0)
    expect(await local.sql`select 1 from presence_operations`).toHaveLength(1)
  })

  it('refuses a bad signature with 401 and an oversized body with 413, storing nothing', async () => {
    const before = await local.sql`select count(*)::int as c from webhook_deliveries`
    const body = JSON.stringify(calcomEvents.created({ uid: 'smoke-bad', ...sessionTimes(60) }))
    const badSignature = await fetch(url, { method: 'POST', headers: { 'x-cal-signature-256': 'deadbeef' }, body })
    expect(badSignature.status).toBe(401)
    const huge = JSON.stringify({ triggerEvent: 'BOOKING_CREATED', padding: 'x'.repeat(1024 * 1024 + 10) })
    const oversized = await post(huge)
    expect(oversized.status).toBe(413)
    const wrongMethod = await fetch(url)
    expect(wrongMethod.status).toBe(405)
    const after = await local.sql`select count(*)::int as c from webhook_deliveries`
    expect(after[0]?.c).toBe(before[0]?.c)
  })

  it('serves the internal functions only with the service key, and the hosts list to the SPA origin', async () => {
    const sweep = (key: string) => fetch(`${local.stack.functionsUrl}/daily-create-room`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: '{"sweep":true}' })
    expect((await sweep('nope')).status).toBe(401)
    expect((await sweep(SERVICE_KEY)).status).toBe(200)
    const worker = (key: string) => fetch(`${local.stack.functionsUrl}/worker`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: '{"wait":true}' })
    expect((await worker('nope')).status).toBe(401)
    const drained = await worker(SERVICE_KEY)
    expect(drained.status).toBe(200)
    expect(await drained.json()).toMatchObject({ deliveries: expect.any(Number), jobs: expect.any(Number) })
    const hosts = await fetch(`${local.stack.functionsUrl}/hosts`, { headers: { origin: 'http://127.0.0.1:5173' } })
    expect(hosts.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    const body = await hosts.json()
    expect(body.hosts.map((h: { name: string }) => h.name)).toEqual(['Jane Rivers', 'Mei Lin', 'Omar Haddad'])
    expect(JSON.stringify(body)).not.toMatch(/@presence\.example|\+614/)
  })

  it('a worker process that dies is started again, and the deliveries it missed are done', async () => {
    const dead = local.stack.processes().worker
    dead.kill('SIGKILL')
    expect((await post(JSON.stringify(calcomEvents.created({ uid: 'smoke-after-crash', ...sessionTimes(120) })))).status).toBe(200)
    const revived = await record('smoke-after-crash', (r) => r.roomStatus === 'Active')
    expect(revived.bookingStatus).toBe('Created')
    expect(local.stack.processes().worker.pid).not.toBe(dead.pid)
  })
})
