import { OTP_RULES } from '../../shared/auth/otpRules.ts'
import type { Sql } from '../../supabase/functions/_shared/db/connect.ts'
import { latestCodes, type CodeRow } from '../../supabase/functions/_shared/auth/local/localAuthTables.ts'
import { EXIT, type Print } from './io.ts'
import { formatTable, formatTime } from './text.ts'

export interface AuthCodesOptions {
  /** E.164, `+` included. */
  phone?: string
  limit: number
  json: boolean
}

/** What a code is good for now: the sign-in page's words for each refusal. */
function stateOf(row: CodeRow, latestForPhone: boolean, now: Date): string {
  if (row.usedAt !== null) return 'used'
  if (!latestForPhone) return 'replaced'
  if (row.attempts >= OTP_RULES.maxAttempts) return 'too many attempts'
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired'
  return 'valid'
}

/** `presence auth codes`: the newest sign-in codes the local Auth stand-in sent, newest first. */
export async function listAuthCodes(sql: Sql, options: AuthCodesOptions, print: Print, now = new Date()): Promise<number> {
  const rows = await latestCodes(sql, { phone: options.phone?.slice(1), limit: options.limit })
  const seen = new Set<string>()
  const codes = rows.map((row) => {
    const latest = !seen.has(row.phone)
    seen.add(row.phone)
    return { phone: `+${row.phone}`, code: row.code, sentAt: row.sentAt, expiresAt: row.expiresAt, wrongAttempts: row.attempts, state: stateOf(row, latest, now) }
  })
  if (options.json) {
    print(JSON.stringify(codes, null, 2))
    return EXIT.ok
  }
  if (codes.length === 0) {
    print(options.phone ? `No sign-in codes sent to ${options.phone} yet.` : 'No sign-in codes sent yet.')
    return EXIT.ok
  }
  const table = codes.map((c) => [c.phone, c.code, formatTime(c.sentAt), formatTime(c.expiresAt), `${c.wrongAttempts}/${OTP_RULES.maxAttempts}`, c.state])
  for (const line of formatTable(['PHONE', 'CODE', 'SENT (UTC)', 'EXPIRES (UTC)', 'WRONG TRIES', 'STATE'], table)) print(line)
  if (codes.length === options.limit) print(`(the newest ${options.limit}; pass --limit N for more)`)
  return EXIT.ok
}
