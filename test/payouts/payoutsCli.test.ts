import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../../scripts/cli/run.ts'
import { PAYOUT_CSV_HEADER } from '../../supabase/functions/_shared/payouts/payoutLines.ts'
import { captureIo } from '../cli/support.ts'
import { useTestDatabase } from '../support/database.ts'

const db = useTestDatabase()
let dir: string

async function cli(argv: string[]) {
  const io = captureIo()
  const code = await runCli(argv, { ...io, env: { DATABASE_URL: db.url }, fetch })
  return { code, out: io.out, err: io.err() }
}

/** A payout line as the settlement writes it, for a session of `hostName` that started `start`. */
async function line(hostId: string, hostName: string, cents: number, start: string): Promise<number> {
  const sessionId = crypto.randomUUID()
  const state = { bookingId: `uid-${sessionId}`, hostId, hostName, start, end: start, status: 'Completed' }
  await db.sql`
    insert into sessions (id, booking_id, booking_status, start_time, end_time, state, room_name)
    values (${sessionId}, ${state.bookingId}, 'Completed', ${start}, ${start}, ${db.sql.json(state)}, ${`presence-${sessionId.replace(/-/g, '')}`})`
  const [purchase] = await db.sql<{ id: string }[]>`
    insert into purchases (member_id, host_id, member_name, host_name, plan, amount_cents, payment_status, checkout_session_id, paid_at)
    values ('m', ${hostId}, 'Max', ${hostName}, 'adhoc', 1800, 'paid', ${`cs_${sessionId}`}, now()) returning id::text`
  const [paid] = await db.sql<{ id: string }[]>`
    insert into paid_sessions (purchase_id, position, member_id, host_id, plan, amount_cents, host_share_cents, platform_share_cents, credit_status, session_id)
    values (${purchase!.id}, 1, 'm', ${hostId}, 'adhoc', 1800, ${cents}, ${1800 - cents}, 'used', ${sessionId}) returning id::text`
  const [row] = await db.sql<{ id: number }[]>`
    insert into payout_lines (session_id, paid_session_id, host_id, amount_cents) values (${sessionId}, ${paid!.id}, ${hostId}, ${cents}) returning id::int as id`
  return row!.id
}

beforeEach(async () => {
  await db.reset()
  dir = await mkdtemp(join(tmpdir(), 'presence-payouts-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('payouts list', () => {
  it('lists every line with its host, session, amount in AUD and status, and each host total due', async () => {
    await line('host-a', 'Jane Rivers', 1206, '2027-04-03T15:30:00Z')
    await line('host-a', 'Jane Rivers', 1000, '2027-04-04T15:30:00Z')
    await line('host-b', 'Omar Haddad', 1000, '2027-04-05T01:00:00Z')
    const { code, out } = await cli(['payouts', 'list'])
    expect(code).toBe(0)
    expect(out[0]).toMatch(/^ID\s+HOST\s+SESSION \(UTC\)\s+AMOUNT\s+STATUS\s+PAID \(UTC\)$/)
    expect(out[2]).toMatch(/^\d+\s+Jane Rivers\s+2027-04-03 15:30:00Z\s+AUD\s12\.06\s+due\s+-$/)
    expect(out.slice(-2)).toEqual(['Due to Jane Rivers: AUD\u00a022.06', 'Due to Omar Haddad: AUD\u00a010.00'])
  })

  it('--due leaves out paid lines, --host narrows to one host, --json gives cents', async () => {
    const paid = await line('host-a', 'Jane Rivers', 1206, '2027-04-03T15:30:00Z')
    await line('host-a', 'Jane Rivers', 1000, '2027-04-04T15:30:00Z')
    await line('host-b', 'Omar Haddad', 1000, '2027-04-05T01:00:00Z')
    expect((await cli(['payouts', 'mark-paid', String(paid)])).code).toBe(0)

    const due = JSON.parse((await cli(['payouts', 'list', '--due', '--json'])).out.join('\n'))
    expect(due.map((l: { amountCents: number; status: string }) => [l.amountCents, l.status])).toEqual([[1000, 'due'], [1000, 'due']])
    const hostA = JSON.parse((await cli(['payouts', 'list', '--host', 'host-a', '--json'])).out.join('\n'))
    expect(hostA.map((l: { hostId: string; currency: string }) => [l.hostId, l.currency])).toEqual([['host-a', 'AUD'], ['host-a', 'AUD']])
    expect((await cli(['payouts', 'list', '--due', '--host', 'host-c'])).out).toEqual(['No payouts due.'])
  })
})

describe('payouts export --csv', () => {
  it('writes RFC 4180 CSV with cents and AUD, UTC times, and names a spreadsheet cannot run', async () => {
    const id = await line('host-a', '=HYPERLINK("x"), Jane', 1206, '2027-04-03T15:30:00Z')
    const file = join(dir, 'payouts.csv')
    const { code, out } = await cli(['payouts', 'export', '--csv', file])
    expect(code).toBe(0)
    expect(out).toEqual([`Wrote 1 payout line to ${file}`])
    const [header, row, end] = (await readFile(file, 'utf8')).split('\r\n')
    expect(header).toBe(PAYOUT_CSV_HEADER.join(','))
    expect(row).toMatch(new RegExp(`^${id},host-a,"'=HYPERLINK\\(""x""\\), Jane",[0-9a-f-]{36},uid-[0-9a-f-]{36},2027-04-03T15:30:00.000Z,1206,12.06,AUD,due,[^,]+Z,$`))
    expect(end).toBe('')
  })

  it('needs a file', async () => {
    const { code, err } = await cli(['payouts', 'export'])
    expect(code).toBe(2)
    expect(err).toContain('payouts export --csv <file>')
  })
})

describe('payouts mark-paid', () => {
  it('marks lines paid once: running it again keeps the first paid time and says so', async () => {
    const a = await line('host-a', 'Jane Rivers', 1206, '2027-04-03T15:30:00Z')
    const b = await line('host-a', 'Jane Rivers', 1000, '2027-04-04T15:30:00Z')
    const first = await cli(['payouts', 'mark-paid', String(a), String(b)])
    expect(first).toMatchObject({ code: 0, out: [`Marked paid: ${a}, ${b}`] })
    const [before] = await db.sql<{ paidAt: Date }[]>`select paid_at as "paidAt" from payout_lines where id = ${a}`
    const again = await cli(['payouts', 'mark-paid', String(a)])
    expect(again).toMatchObject({ code: 0, out: [] })
    expect(again.err).toContain(`Already paid (unchanged): ${a}`)
    const [after] = await db.sql<{ paidAt: Date; status: string }[]>`select paid_at as "paidAt", status from payout_lines where id = ${a}`
    expect(after).toEqual({ paidAt: before!.paidAt, status: 'paid' })
  })

  it('an unknown id is a clear error and changes nothing, even for the known ids beside it', async () => {
    const a = await line('host-a', 'Jane Rivers', 1206, '2027-04-03T15:30:00Z')
    const { code, err } = await cli(['payouts', 'mark-paid', String(a), '999999'])
    expect(code).toBe(1)
    expect(err).toContain('No payout line 999999: nothing was marked paid')
    expect(await db.sql`select status, paid_at from payout_lines`).toEqual([{ status: 'due', paid_at: null }])
  })

  it('refuses ids that are not whole numbers, and no ids', async () => {
    expect((await cli(['payouts', 'mark-paid', 'abc'])).err).toContain('a payout id must be a positive whole number')
    expect((await cli(['payouts', 'mark-paid'])).code).toBe(2)
  })
})
