import { beforeEach, describe, expect, it } from 'vitest'
import { createOutbox } from '../../supabase/functions/_shared/outbox/outbox.ts'
import { buildWorker } from '../../supabase/functions/worker/buildWorker.ts'
import { useTestDatabase } from '../support/database.ts'
import { addHost, addMember, cli, daytimeZoneNow, nightZoneNow, seedTemplates, twilioRuntime, useFakeTwilio } from './support.ts'

const db = useTestDatabase()
const twilio = useFakeTwilio()

beforeEach(async () => {
  await db.reset()
  twilio.reset()
  await seedTemplates(db.sql)
})

/** Runs the production worker until no message is waiting for its due time or its send slot. */
async function sendEverythingDue() {
  const rt = twilioRuntime(db)
  try {
    const worker = buildWorker(rt)
    for (;;) {
      await worker.runUntilIdle()
      const [row] = await db.sql<{ waiting: number }[]>`
        select count(*)::int as waiting from outbox_jobs where kind = 'sms.send' and status = 'pending' and next_attempt_at < now() + interval '5 seconds'`
      if (row?.waiting === 0) return
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  } finally {
    await rt.close()
  }
}

const holidayJobs = () =>
  db.sql<{ key: string; payload: { message: string; broadcastId: string; to: { role: string } } }[]>`
    select idempotency_key as key, payload from outbox_jobs where kind = 'sms.send' order by idempotency_key`

describe('messages broadcast --template "Holiday Message"', () => {
  it('shows the count and one filled sample, asks, and queues one message per member only after a yes', async () => {
    const zone = daytimeZoneNow()
    await addMember(db.sql, { name: 'Ada', phone: '+61400000101', timeZone: zone })
    await addMember(db.sql, { name: 'Bea', phone: '0400 000 102', timeZone: zone })

    const declined = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', 'xmas-2026'], { answers: ['no'] })
    expect(declined.code).toBe(1)
    expect(declined.questions).toEqual(['Queue 2 messages? Type yes to confirm: '])
    expect(declined.out[0]).toBe('"Holiday Message" to members, broadcast xmas-2026:')
    expect(declined.out[1]).toBe('  2 messages to send')
    expect(declined.text).toContain(`Sample, to Ada (member, +614*****101, ${zone}):`)
    expect(declined.text).toContain('  Happy holidays from Presence, Ada. Your hosts are here when you need them: https://presence.test/host-selection')
    expect(declined.text).toContain('Cancelled: nothing was queued.')
    expect(await holidayJobs()).toEqual([])

    const accepted = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', 'xmas-2026'], { answers: ['yes'] })
    expect(accepted.code).toBe(0)
    expect(accepted.text).toContain('Queued 2 messages (broadcast xmas-2026), one every 1.05 s from the sending number, the last due ')
    const jobs = await holidayJobs()
    expect(jobs.map((job) => job.payload.message)).toEqual(['holiday', 'holiday'])
    expect(jobs.every((job) => job.key.startsWith('sms:broadcast:holiday:xmas-2026:member:'))).toBe(true)

    // The worker sends them: each once, filled for its own member, to their number.
    await sendEverythingDue()
    expect(twilio.messages.map((message) => [message.to, message.body]).sort()).toEqual([
      ['+61400000101', 'Happy holidays from Presence, Ada. Your hosts are here when you need them: https://presence.test/host-selection'],
      ['+61400000102', 'Happy holidays from Presence, Bea. Your hosts are here when you need them: https://presence.test/host-selection'],
    ])
  })

  it('running the same broadcast again sends nobody a second one; a new member gets theirs, and a new id is a new broadcast', async () => {
    const zone = daytimeZoneNow()
    await addMember(db.sql, { name: 'Ada', phone: '+61400000101', timeZone: zone })
    expect((await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', 'eve', '--yes'])).code).toBe(0)
    await addMember(db.sql, { name: 'Cal', phone: '+61400000103', timeZone: zone })

    const again = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', 'eve', '--yes'])
    expect(again.code).toBe(0)
    expect(again.out[1]).toBe('  1 message to send')
    expect(again.text).toContain('  1 recipient already queued by an earlier run of this broadcast: not sent again')
    expect(again.text).toContain('Sample, to Cal (member')
    expect(await holidayJobs()).toHaveLength(2)

    const third = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', 'eve', '--yes'])
    expect(third.code).toBe(0)
    expect(third.text).toContain('Nothing to send.')
    expect(await holidayJobs()).toHaveLength(2)

    await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', 'new-year', '--yes'])
    expect((await holidayJobs()).filter((job) => job.payload.broadcastId === 'new-year')).toHaveLength(2)
  })

  it('--dry-run shows the same and queues nothing; the broadcast id is the day (UTC) unless given', async () => {
    await addMember(db.sql, { name: 'Ada', phone: '+61400000101' })
    const dry = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--dry-run'])
    expect(dry.code).toBe(0)
    expect(dry.questions).toEqual([])
    expect(dry.out[0]).toBe(`"Holiday Message" to members, broadcast ${new Date().toISOString().slice(0, 10)}:`)
    expect(dry.text).toContain('Dry run: nothing was queued.')
    expect(await holidayJobs()).toEqual([])
  })

  it('leaves out, and says why, recipients it cannot fill or reach: no phone, opted out, a host for a members-only template', async () => {
    const zone = daytimeZoneNow()
    await addMember(db.sql, { name: 'Ada', phone: '+61400000101', timeZone: zone })
    await addMember(db.sql, { name: 'Nophone', phone: null })
    await addMember(db.sql, { name: 'Stopped', phone: '+61400000104' })
    await db.sql`insert into sms_opt_outs (phone, opted_out, changed_at, reason) values ('+61400000104', true, now(), 'replied STOP')`
    await addHost(db.sql, { name: 'Hana', phone: '+61400000201' })
    await addHost(db.sql, { name: 'Idle', phone: '+61400000202', status: 'Inactive' })

    const all = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--to', 'all', '--id', 'b1', '--yes'])
    expect(all.code).toBe(0)
    expect(all.out.slice(0, 5)).toEqual([
      '"Holiday Message" to all, broadcast b1:',
      '  1 message to send',
      '  not sent to 1 member: no valid phone number',
      '  not sent to 1 member: opted out (replied STOP)',
      // The default template greets {{memberName}} and links {{rebookUrl}}: a host has neither.
      '  not sent to 1 host: no value for {{memberName}}, {{rebookUrl}}',
    ])
    expect((await holidayJobs()).map((job) => job.payload.to.role)).toEqual(['member'])

    // A template written for everyone reaches the active host too.
    await db.sql`update templates set body = 'Happy holidays, {{recipientName}}! {{dashboardUrl}}' where name = 'Holiday Message'`
    const hosts = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--to', 'hosts', '--id', 'b1', '--yes'])
    expect(hosts.text).toContain('  Happy holidays, Hana! https://presence.test/host')
    expect((await holidayJobs()).map((job) => job.payload.to.role).sort()).toEqual(['host', 'member'])
  })

  it('says which recipients wait for their 08:00, and the worker holds those until then', async () => {
    await addMember(db.sql, { name: 'Day', phone: '+61400000101', timeZone: daytimeZoneNow() })
    await addMember(db.sql, { name: 'Night', phone: '+61400000102', timeZone: nightZoneNow() })
    const run = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', 'q', '--yes'])
    expect(run.out[1]).toBe("  2 messages to send: 1 now, 1 at 08:00 in the recipient's own zone (quiet hours)")

    await sendEverythingDue()
    expect(twilio.messages.map((message) => message.to)).toEqual(['+61400000101'])
    // Queued for the recipient's 08:00, so the worker never takes it before then (no attempt spent on the night).
    const [waiting] = await db.sql<{ status: string; attempts: number; dueAt: Date; zone: string }[]>`
      select j.status, j.attempts, j.next_attempt_at as "dueAt", m.time_zone as zone
      from outbox_jobs j join members m on j.payload -> 'to' ->> 'memberId' = m.id::text where m.name = 'Night'`
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 })
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: waiting!.zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(waiting!.dueAt)).toBe('08:00')
    expect(waiting!.dueAt.getTime()).toBeGreaterThan(Date.now())
  })

  it('queues the messages a send slot apart, so a reminder due meanwhile goes before the rest and other work is not held up', async () => {
    const zone = daytimeZoneNow()
    for (let i = 0; i < 30; i++) await addMember(db.sql, { name: `M${i}`, phone: `+614000002${String(i).padStart(2, '0')}`, timeZone: zone })
    const run = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', 'paced', '--yes'])
    expect(run.code).toBe(0)
    const due = (await db.sql<{ at: Date }[]>`select next_attempt_at as at from outbox_jobs where kind = 'sms.send' order by next_attempt_at`).map((row) => row.at.getTime())
    expect(due).toHaveLength(30)
    // 1,050 ms: the spacing the sender keeps per number (1/s plus its slack).
    for (let i = 1; i < due.length; i++) expect(due[i]! - due[i - 1]!).toBeGreaterThanOrEqual(1_050)
    expect(due.at(-1)! - due[0]!).toBeGreaterThanOrEqual(29 * 1_050)

    // A reminder and a room queued after the broadcast are what the workers take next, not the 29 messages after the first.
    await db.sql`
      insert into outbox_jobs (kind, idempotency_key, payload, status) values
        ('sms.send', 'sms:reminder:test', '{"message": "reminder"}', 'pending'),
        ('room.sync', 'room.sync:test', '{"sessionId": "test"}', 'pending')`
    const rt = twilioRuntime(db)
    try {
      const outbox = createOutbox(rt.sql)
      const next = await outbox.claimDue('test-worker', 10, 15_000, ['sms.send', 'room.sync'])
      const keys = next.map((job) => job.idempotencyKey)
      expect(keys).toHaveLength(3)
      expect(keys).toEqual(expect.arrayContaining(['room.sync:test', 'sms:reminder:test']))
      expect(keys.filter((key) => key.startsWith('sms:broadcast:holiday:paced:'))).toHaveLength(1)
    } finally {
      await rt.close()
    }
  })

  it('without a paced number (a Messaging Service, or the local stand-in) the messages are all due at once', async () => {
    const zone = daytimeZoneNow()
    for (let i = 0; i < 3; i++) await addMember(db.sql, { name: `M${i}`, phone: `+614000003${String(i).padStart(2, '0')}`, timeZone: zone })
    const run = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', 'pool', '--yes'], { env: { TWILIO_FROM: '', TWILIO_MESSAGING_SERVICE_SID: 'MG-test-pool' } })
    expect(run.code).toBe(0)
    expect(run.text).not.toContain('one every')
    const [spread] = await db.sql<{ ms: number }[]>`select extract(epoch from max(next_attempt_at) - min(next_attempt_at)) * 1000 as ms from outbox_jobs where kind = 'sms.send'`
    expect(Number(spread!.ms)).toBeLessThan(1_050)
  })

  it('refuses a missing template, an unknown one, a bad id or no answer, queuing nothing', async () => {
    await addMember(db.sql, { name: 'Ada', phone: '+61400000101' })
    await db.sql`delete from templates where name = 'Holiday Message'`
    const missing = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--yes'])
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('No "Holiday Message" template in Templates (or its Body is empty): add it, then run this again. Nothing was queued.')

    const unknown = await cli(db, ['messages', 'broadcast', '--template', 'Pre-Session Reminder', '--yes'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain('--template must be one of Holiday Message')
    const badId = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message', '--id', '../x', '--yes'])
    expect(badId.code).toBe(2)
    // Stdin ended before an answer (a script without --yes): nothing is sent.
    await seedTemplates(db.sql)
    const noAnswer = await cli(db, ['messages', 'broadcast', '--template', 'Holiday Message'])
    expect(noAnswer.code).toBe(1)
    expect(noAnswer.text).toContain('Cancelled: nothing was queued.')
    expect(await holidayJobs()).toEqual([])
  })
})
