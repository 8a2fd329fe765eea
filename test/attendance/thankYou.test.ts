import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_TEMPLATES } from '../../scripts/db/seed.ts'
import { createLoggedSender } from '../../supabase/functions/_shared/messages/local/loggedSender.ts'
import { createMessageValues } from '../../supabase/functions/_shared/messages/messageValues.ts'
import { createSendSmsJob } from '../../supabase/functions/_shared/messages/sendSmsJob.ts'
import { createSmsMessages } from '../../supabase/functions/_shared/messages/smsMessages.ts'
import { defaultPolicy } from '../../supabase/functions/_shared/retry/retryPolicy.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { useTestDatabase } from '../support/database.ts'
import { createAttendanceHarness, dailyEvents } from './support.ts'

const db = useTestDatabase()

beforeEach(async () => {
  await db.reset()
  for (const [name, body] of Object.entries(DEFAULT_TEMPLATES)) await db.sql`insert into templates (name, body) values (${name}, ${body})`
})

describe('Post-Session Thank You', () => {
  it('is filled from the Templates row for the member who attended, with a link to book the same host, and sent once', async () => {
    const h = createAttendanceHarness(db)
    const s = await h.bookedSession()
    const visit = (side: 'host' | 'member') => ({ id: side, userId: `${side}:${s.sessionId}`, owner: side === 'host', at: s.start, minutes: 30 })
    await h.sendDaily(dailyEvents.left(s.room, visit('host')), dailyEvents.left(s.room, visit('member')), dailyEvents.ended(s.room, s.start, s.end))

    const job = await h.outbox.getByKey(`sms:post-session-thank-you:${s.sessionId}:member`)
    expect(job).toMatchObject({ kind: 'sms.send', status: 'pending', payload: { message: 'post-session-thank-you', sessionId: s.sessionId, to: { role: 'member', memberId: s.memberId } } })
    const send = createSendSmsJob({
      sender: createLoggedSender(silentLogger),
      senderRetry: defaultPolicy({ maxAttempts: 3, baseMs: 1_000, maxMs: 1_000 }),
      messages: createSmsMessages(db.sql),
      directory: h.directory,
      values: createMessageValues({ sql: db.sql, directory: h.directory, appUrl: 'https://presence.test' }),
    })
    await send.run(job!)
    await send.run(job!)
    const rows = await db.sql<{ status: string; body: string; to: string }[]>`
      select status, body, to_phone as to from sms_messages where message = 'post-session-thank-you'`
    expect(rows).toEqual([
      { status: 'logged', to: '+61400000009', body: `Thanks for your session with Jane Rivers, Max Member. Book your next one: https://presence.test/plans?host=${s.hostId}` },
    ])
  })
})
