import { beforeEach, describe, expect, it } from 'vitest'
import { broadcastSms } from '../../supabase/functions/_shared/messages/broadcast/broadcasts.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import type { Runtime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import { buildWorker } from '../../supabase/functions/worker/buildWorker.ts'
import { useTestDatabase } from '../support/database.ts'
import { INVALID_NUMBER, SERVER_ERROR } from '../messages/twilioHandlers.ts'
import { ACCOUNT, addMember, cli, daytimeZoneNow, FROM, seedTemplates, twilioRuntime, useFakeTwilio } from './support.ts'

const db = useTestDatabase()
const twilio = useFakeTwilio()
let rt: Runtime

beforeEach(async () => {
  await db.reset()
  twilio.reset()
  await seedTemplates(db.sql)
  rt = twilioRuntime(db)
  return () => rt.close()
})

const posts = () => twilio.requests.filter((request) => request.method === 'POST')

async function queueHoliday(name: string, phone: string | null) {
  const memberId = await addMember(db.sql, { name, phone, timeZone: daytimeZoneNow() })
  const request = broadcastSms('holiday', 'retry-test', { role: 'member', memberId })
  await createOutbox(db.sql).enqueue(db.sql, [request])
  await buildWorker(rt).runUntilIdle()
  const [job] = await db.sql<{ id: number; status: string }[]>`select id::int, status from outbox_jobs where idempotency_key = ${request.key}`
  return { memberId, key: request.key, jobId: job!.id, jobStatus: job!.status }
}

describe('messages retry', () => {
  it('a message that never reached Twilio (no template) is sent once the cause is fixed; a sent one is never sent again', async () => {
    await db.sql`update templates set body = '' where name = 'Holiday Message'`
    const { jobId, jobStatus } = await queueHoliday('Ada', '+61400000501')
    expect(jobStatus).toBe('failed')
    expect(posts()).toHaveLength(0)

    await seedTemplates(db.sql)
    const retried = await cli(db, ['messages', 'retry', '--failed'])
    expect(retried.code).toBe(0)
    expect(retried.out[0]).toBe('Retried 1 failed message: 1 sent, 0 queued, 0 skipped, 0 failed again; 0 not retried.')
    expect(retried.out[1]).toMatch(new RegExp(`^  Message ${jobId} \\(Holiday Message to member, \\+614\\*{5}501\\): sent \\(SM\\w+\\)\\.$`))
    expect(posts()).toHaveLength(1)

    const again = await cli(db, ['messages', 'retry', String(jobId)])
    expect(again.code).toBe(0)
    expect(again.text).toMatch(/: already sent at .*; a message is never sent twice\.$/)
    expect((await cli(db, ['messages', 'retry', String(jobId), '--force'])).code).toBe(0)
    expect(posts()).toHaveLength(1)
  })

  it('Twilio’s permanent refusal (21211) needs --force, after the phone is fixed', async () => {
    twilio.failNext(1, INVALID_NUMBER('+61400000502'))
    const { jobId, memberId } = await queueHoliday('Bea', '+61400000502')

    const held = await cli(db, ['messages', 'retry', String(jobId)])
    expect(held.code).toBe(1)
    expect(held.text).toContain("not retried: Twilio refused it for good (21211); fix the member's phone, then retry with --force.")
    const heldAll = await cli(db, ['messages', 'retry', '--failed'])
    expect(heldAll.out[0]).toBe('Retried 0 failed messages: 0 sent, 0 queued, 0 skipped, 0 failed again; 1 not retried.')
    expect(posts()).toHaveLength(1)

    await db.sql`update members set phone = '+61400000512' where id = ${memberId}`
    const forced = await cli(db, ['messages', 'retry', String(jobId), '--force'])
    expect(forced.code).toBe(0)
    expect(forced.text).toMatch(/\+614\*{5}512\): sent/)
    expect(twilio.messages.map((message) => message.to)).toEqual(['+61400000512'])
  })

  it('a number that replied STOP is not retried, even with --force, until it replies START', async () => {
    twilio.optedOut.add('+61400000503')
    const { jobId } = await queueHoliday('Cy', '+61400000503')
    const refused = await cli(db, ['messages', 'retry', String(jobId), '--force'])
    expect(refused.code).toBe(1)
    expect(refused.text).toContain('not retried: the number replied STOP; it gets messages again once it replies START.')
    expect(posts()).toHaveLength(1)

    await db.sql`update sms_opt_outs set opted_out = false, changed_at = now(), reason = 'replied START' where phone = '+61400000503'`
    twilio.optedOut.delete('+61400000503')
    expect((await cli(db, ['messages', 'retry', String(jobId)])).code).toBe(0)
    expect(twilio.messages).toHaveLength(1)
  })

  it('a message whose answer was lost is not sent twice: the retry finds the one Twilio made', async () => {
    // Twilio made the message, but its answer never came and the job ran out of attempts meanwhile.
    twilio.failNext(1, SERVER_ERROR)
    const { jobId, key } = await queueHoliday('Dee', '+61400000504')
    const [row] = await db.sql<{ body: string; since: Date }[]>`select body, sending_since as since from sms_messages where job_key = ${key}`
    expect(row!.since).not.toBeNull()
    twilio.messages.unshift({
      sid: 'SMlost0000000000000000000000000001', account_sid: ACCOUNT, to: '+61400000504', from: FROM, messaging_service_sid: null, body: row!.body,
      status: 'sent', status_callback: null, date_created: new Date().toUTCString().replace('GMT', '+0000'),
    })
    await db.sql`update outbox_jobs set status = 'failed', last_error = 'twilio: HTTP 500 (out of attempts)' where id = ${jobId}`

    const retried = await cli(db, ['messages', 'retry', String(jobId)])
    expect(retried.code).toBe(0)
    expect(retried.text).toContain('sent (SMlost0000000000000000000000000001)')
    expect(posts()).toHaveLength(1)
  })

  it('says what it does for an unknown id and for a message that is not failed', async () => {
    expect((await cli(db, ['messages', 'retry', '999'])).text).toBe('No message with id 999. List them with: npm run presence -- messages list')
    expect((await cli(db, ['messages', 'retry'])).code).toBe(2)
    expect((await cli(db, ['messages', 'retry', '1', '--failed'])).code).toBe(2)
    expect((await cli(db, ['messages', 'retry', '--failed'])).text).toBe('No failed messages to retry.')
  })
})
