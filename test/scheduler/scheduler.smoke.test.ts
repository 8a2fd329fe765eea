import { afterAll, describe, expect, it } from 'vitest'
import { DEVELOPMENT_SECRETS } from '../../shared/config/loadConfig.ts'
import { verifySessionToken } from '../../shared/links/sessionLinks.ts'
import { DEMO_MEMBER } from '../../scripts/db/seed.ts'
import { startSweeps } from '../../scripts/stack/sweeps.ts'
import { eventually } from '../support/ports.ts'
import { insertSession, MINUTE } from './support.ts'
import { useLocalStack } from '../support/localStackForFile.ts'

// `npm start`'s scheduler: the local timer calling the `scheduler` function under real Deno, the
// worker in its own Deno process sending through the local SMS stand-in and making local rooms.
describe('smoke: the local scheduler ticks, and the worker sends what it queued', () => {
  let sweeps: { stop(): void } | undefined
  const workerLines: string[] = []

  const local = useLocalStack(() => ({ APP_URL: 'http://127.0.0.1:5173' }), { onWorkerOutput: (line) => workerLines.push(line) })
  afterAll(() => sweeps?.stop())

  it('a session 10 minutes away gets its room and both reminders, each with its own link, once', async () => {
    const [host] = await local.sql<{ id: string }[]>`select id::text from hosts order by name limit 1`
    const [member] = await local.sql<{ id: string }[]>`select id::text from members where email = ${DEMO_MEMBER.email}`
    const sessionId = await insertSession(local.sql, { hostId: host!.id, memberId: member!.id }, { start: new Date(Math.ceil(Date.now() / MINUTE) * MINUTE + 10 * MINUTE) })

    sweeps = startSweeps({ functionsUrl: local.stack.functionsUrl, serviceRoleKey: DEVELOPMENT_SECRETS.serviceRole, everyMs: 500 })
    const rows = await eventually(async () => {
      const found = await local.sql<{ role: string; status: string; body: string }[]>`
        select recipient_role as role, status, body from sms_messages where message = 'pre-session-reminder' and status = 'logged' order by recipient_role`
      return found.length === 2 ? found : undefined
    }, 60_000, 'both reminders logged')
    for (const row of rows) {
      const token = new URL(row.body.slice(row.body.indexOf('http'))).searchParams.get('token')!
      expect(await verifySessionToken(DEVELOPMENT_SECRETS.linkSigning, sessionId, row.role as 'host' | 'member', token)).toBe(true)
    }
    await eventually(async () => {
      const [session] = await local.sql<{ roomStatus: string }[]>`select room_status as "roomStatus" from sessions where id = ${sessionId}`
      return session?.roomStatus === 'Active' || undefined
    }, 30_000, 'the room made')

    // More ticks: nothing more is sent.
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(await local.sql`select 1 from sms_messages where message = 'pre-session-reminder'`).toHaveLength(2)
    expect(workerLines.filter((line) => line.includes('SMS (local stand-in for Twilio') && line.includes('starts at'))).toHaveLength(2)
  })
})
