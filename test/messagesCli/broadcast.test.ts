import { beforeEach, describe, expect, it } from 'vitest'
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
    expect(accepted.text).toContain('Queued 2 messages (broadcast xmas-2026).')
    const jobs = await holidayJobs()
    expect(jobs.map((job) => job.payload.message)).toEqual(['holiday', 'holiday'])
    expect(jobs.every((job) => job.key.startsWith('sms:broadcast:holiday:xmas-2026:member:'))).toBe(true)

    // The worker sends them: each once, filled for its own member, to their number.
    const rt = twilioRuntime(db)
    try {
      await buildWorker(rt).runUntilIdle()
    } finally {
      await rt.close()
    }
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

    const rt = twilioRuntime(db)
    try {
      await buildWorker(rt).runUntilIdle()
    } finally {
      await rt.close()
    }
    expect(twilio.messages.map((message) => message.to)).toEqual(['+61400000101'])
    const [waiting] = await db.sql<{ status: string; lastError: string }[]>`
      select j.status, j.last_error as "lastError" from outbox_jobs j join members m on j.payload -> 'to' ->> 'memberId' = m.id::text where m.name = 'Night'`
    expect(waiting).toMatchObject({ status: 'pending' })
    expect(waiting!.lastError).toMatch(/^quiet hours in the recipient's zone: waits until /)
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
