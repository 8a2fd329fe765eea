import { beforeEach, describe, expect, it } from 'vitest'
import { sessionSms } from '../../supabase/functions/_shared/jobs/messageJobs.ts'
import type { Delivery } from '../../supabase/functions/_shared/inbox/inbox.ts'
import { broadcastSms } from '../../supabase/functions/_shared/messages/broadcast/broadcasts.ts'
import { TWILIO_EVENT_TYPES } from '../../supabase/functions/_shared/messages/twilio/twilioEvents.ts'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import type { Runtime } from '../../supabase/functions/_shared/runtime/runtime.ts'
import { buildWorker } from '../../supabase/functions/worker/buildWorker.ts'
import { processorsOf } from '../../supabase/functions/worker/processors.ts'
import { bookingCreated, deliver } from '../cli/calcomDeliveries.ts'
import { useTestDatabase } from '../support/database.ts'
import { createTestPipeline } from '../support/pipeline.ts'
import { INVALID_NUMBER } from '../messages/twilioHandlers.ts'
import { addHost, addMember, cli, daytimeZoneNow, nightZoneNow, seedTemplates, twilioRuntime, useFakeTwilio } from './support.ts'

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

const runWorker = () => buildWorker(rt).runUntilIdle()

/** A Twilio status callback for `sid`, processed as the worker processes the one sms-status recorded. */
async function statusCallback(sid: string, status: string, errorCode?: string) {
  const params = new URLSearchParams({ MessageSid: sid, MessageStatus: status, ...(errorCode ? { ErrorCode: errorCode } : {}) })
  const delivery = { id: 1, provider: 'twilio', eventType: TWILIO_EVENT_TYPES.status, rawBody: params.toString(), receivedAt: new Date() } as Delivery
  expect(await processorsOf(rt).twilio!.process(delivery)).toEqual({ outcome: 'processed' })
  await runWorker()
}

async function holiday(name: string, phone: string, timeZone = daytimeZoneNow()) {
  const memberId = await addMember(db.sql, { name, phone, timeZone })
  const request = broadcastSms('holiday', 'list-test', { role: 'member', memberId })
  await createOutbox(db.sql).enqueue(db.sql, [request])
  return request.key
}

describe('messages list', () => {
  it('shows each message with its template, masked number, state, delivery and code; --status narrows; --json masks too', async () => {
    await holiday('Sent', '+61400000301')
    await holiday('Night', '+61400000303', nightZoneNow())
    await runWorker()
    twilio.failNext(1, INVALID_NUMBER('+61400000302'))
    await holiday('Bad', '+61400000302')
    await runWorker()
    await statusCallback(twilio.messages[0]!.sid, 'undelivered', '30003')

    const { code, out, text } = await cli(db, ['messages', 'list'])
    expect(code).toBe(0)
    expect(out[0]).toMatch(/^ID\s+TEMPLATE\s+TO\s+STATE\s+DELIVERY\s+CODE\s+QUEUED \(UTC\)\s+SENT \(UTC\)\s+NOTE$/)
    const rows = out.slice(2)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatch(/^\d+\s+Holiday Message\s+member \+614\*{5}302\s+failed\s+-\s+21211\s+\S+ \S+Z\s+-\s+twilio: .*21211/)
    // Waiting for the member's 08:00: not sent to any number yet.
    expect(rows.find((row) => row.includes('queued'))).toMatch(/member -\s+queued\s+-\s+-\s+\S+ \S+Z\s+-\s+next attempt .*: quiet hours/)
    expect(rows.find((row) => row.includes('301'))).toMatch(/member \+614\*{5}301\s+sent\s+undelivered 30003\s+30003\s+\S+ \S+Z\s+\S+ \S+Z$/)
    // No whole number is ever printed.
    expect(text).not.toMatch(/\+614000003/)

    const failed = await cli(db, ['messages', 'list', '--status', 'failed'])
    expect(failed.out.slice(2)).toHaveLength(1)
    expect(failed.out[2]).toContain('21211')

    const json = JSON.parse((await cli(db, ['messages', 'list', '--status', 'sent', '--json'])).text)
    expect(json).toMatchObject([{ state: 'sent', deliveryStatus: 'undelivered', deliveryErrorCode: '30003', toPhone: '+614*****301', template: 'Holiday Message', message: 'holiday' }])

    expect((await cli(db, ['messages', 'list', '--status', 'delivered'])).code).toBe(2)
    expect((await cli(db, ['messages', 'list', '--status', 'skipped'])).out).toEqual(['No skipped messages.'])
  })
})

describe('the record’s SMS fields and messages list --session', () => {
  it('show the session’s newest message and its delivery, and when its reminder went', async () => {
    const hostId = await addHost(db.sql, { name: 'Hana Host', phone: '+61400000401', email: 'hana@example.com', timeZone: 'Australia/Sydney' })
    const memberId = await addMember(db.sql, { name: 'Max Member', phone: '+61400000402', email: 'max@example.com', timeZone: 'Australia/Sydney' })
    await deliver(createTestPipeline(db), bookingCreated('record-sms'))
    const [session] = await db.sql<{ id: string; start: Date }[]>`select id::text, start_time as start from sessions where booking_id = 'record-sms'`
    const record = () =>
      db.sql<{ lastSms: string | null; status: string | null; code: string | null; reminderAt: Date | null }[]>`
        select last_sms as "lastSms", last_sms_status as status, last_sms_error_code as code, last_reminder_sent_at as "reminderAt"
        from presence_operations where booking_id = 'record-sms'`.then((rows) => rows[0]!)
    expect(await record()).toEqual({ lastSms: null, status: null, code: null, reminderAt: null })

    const outbox = createOutbox(db.sql)
    const ids = { id: session!.id, hostId, memberId }
    await outbox.enqueue(db.sql, [sessionSms('pre-session-reminder', ids, 'member', session!.start.toISOString())!])
    const before = new Date()
    await runWorker()
    const reminded = await record()
    expect(reminded).toMatchObject({ lastSms: 'Pre-Session Reminder to member', status: 'Sent', code: null })
    expect(reminded.reminderAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000)

    await statusCallback(twilio.messages[0]!.sid, 'delivered')
    expect(await record()).toMatchObject({ status: 'Delivered' })

    // The host's reminder fails for good: the newest message is now that one, and says so.
    twilio.failNext(1, INVALID_NUMBER('+61400000401'))
    await outbox.enqueue(db.sql, [sessionSms('pre-session-reminder', ids, 'host', session!.start.toISOString())!])
    await runWorker()
    expect(await record()).toMatchObject({ lastSms: 'Pre-Session Reminder to host', status: 'Failed', code: '21211', reminderAt: reminded.reminderAt })

    // Another session's message is not this session's.
    await holiday('Elsewhere', '+61400000403')
    await runWorker()
    const listed = await cli(db, ['messages', 'list', '--session', session!.id])
    expect(listed.out.slice(2).map((row) => row.split(/\s{2,}/)[2])).toEqual(['host +614*****401', 'member +614*****402'])
    expect((await cli(db, ['messages', 'list', '--session', crypto.randomUUID()])).out[0]).toMatch(/^No messages about session /)
  })
})
