import { beforeEach, describe, expect, it } from 'vitest'
import { OTP_RULES } from '../../shared/auth/otpRules.ts'
import { runCli } from '../../scripts/cli/run.ts'
import { createLocalAuthHandler } from '../../supabase/functions/_shared/auth/local/localAuthHandler.ts'
import { silentLogger } from '../../supabase/functions/_shared/runtime/logger.ts'
import { useTestDatabase } from '../support/database.ts'
import { captureIo } from './support.ts'

const db = useTestDatabase()
const ANON_KEY = 'cli-test-anon-key'
let offsetMs = 0
let printed: string[] = []

beforeEach(async () => {
  await db.reset()
  offsetMs = 0
  printed = []
})

/** Codes are made the way a sign-in makes them: through the stand-in's endpoints. */
const standIn = () =>
  createLocalAuthHandler({
    sql: db.sql,
    authUrl: 'http://127.0.0.1:54397',
    jwtSecret: 'cli-test-jwt-secret-at-least-32-characters',
    anonKey: ANON_KEY,
    appUrl: 'http://127.0.0.1:5197',
    log: silentLogger,
    printCode: (line) => printed.push(line),
    now: () => new Date(Date.now() + offsetMs),
  })

async function call(path: string, body: unknown): Promise<Response> {
  return standIn()(new Request(`http://127.0.0.1:54397/auth/v1/${path}`, { method: 'POST', headers: { apikey: ANON_KEY }, body: JSON.stringify(body) }))
}

const printedCode = () => /: (\d{6}) /.exec(printed.at(-1)!)![1]!

async function cli(argv: string[], env: Record<string, string> = {}) {
  const io = captureIo()
  const code = await runCli(argv, { ...io, env: { DATABASE_URL: db.url, ...env }, fetch })
  return { code, out: io.out, err: io.err() }
}

describe('auth codes', () => {
  it('shows the newest codes first, with what each is good for now', async () => {
    expect((await call('otp', { phone: '+61400000001' })).status).toBe(200)
    const used = printedCode()
    expect((await call('verify', { phone: '+61400000001', token: used, type: 'sms' })).status).toBe(200)
    await call('otp', { phone: '+61400000002' })
    const stale = printedCode()
    offsetMs = OTP_RULES.resendSeconds * 1000
    await call('otp', { phone: '+61400000002' })
    const fresh = printedCode()
    await call('verify', { phone: '+61400000002', token: fresh === '000000' ? '111111' : '000000', type: 'sms' })

    const { code, out } = await cli(['auth', 'codes'])
    expect(code).toBe(0)
    const [header, , ...rows] = out
    expect(header).toMatch(/^PHONE\s+CODE\s+SENT \(UTC\)\s+EXPIRES \(UTC\)\s+WRONG TRIES\s+STATE$/)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatch(new RegExp(`^\\+61400000002\\s+${fresh}\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+1/${OTP_RULES.maxAttempts}\\s+valid$`))
    expect(rows[1]).toMatch(new RegExp(`^\\+61400000002\\s+${stale}\\s.*\\sreplaced$`))
    expect(rows[2]).toMatch(new RegExp(`^\\+61400000001\\s+${used}\\s.*\\sused$`))
  })

  it('--phone takes the number as typed and shows only its codes; --json gives the same facts', async () => {
    await call('otp', { phone: '+61400000001' })
    await call('otp', { phone: '+61412345678' })
    const mine = printedCode()
    const { code, out } = await cli(['auth', 'codes', '--phone', '0412 345 678', '--json'])
    expect(code).toBe(0)
    expect(JSON.parse(out.join('\n'))).toEqual([
      { phone: '+61412345678', code: mine, sentAt: expect.any(String), expiresAt: expect.any(String), wrongAttempts: 0, state: 'valid' },
    ])
    expect((await cli(['auth', 'codes', '--phone', '+61499999999'])).out).toEqual(['No sign-in codes sent to +61499999999 yet.'])
  })

  it('refuses a malformed --phone, and says codes are not kept here when Supabase Auth is configured', async () => {
    const bad = await cli(['auth', 'codes', '--phone', '12'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--phone: 12 is not a valid phone number/)
    const deployed = await cli(['auth', 'codes'], { SUPABASE_URL: 'https://abcdefghijklmnop.supabase.co' })
    expect(deployed.code).toBe(2)
    expect(deployed.err).toMatch(/Supabase Auth \(https:\/\/abcdefghijklmnop\.supabase\.co\): codes go out by SMS/)
  })
})
