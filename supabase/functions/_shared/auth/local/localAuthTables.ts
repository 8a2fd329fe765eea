import { OTP_RULES } from '../../../../../shared/auth/otpRules.ts'
import { timingSafeEqual } from '../../../../../shared/crypto/hmac.ts'
import type { Sql } from '../../db/connect.ts'

/** The stand-in's rows (migration 0012). Phones here are as GoTrue stores them: digits, no `+`. */

export interface LocalAuthUser {
  id: string
  phone: string
  createdAt: Date
  lastSignInAt: Date | null
}

export interface IssuedCode {
  phone: string
  code: string
  sentAt: Date
  expiresAt: Date
}

export type SendOutcome = { sent: IssuedCode } | { waitSeconds: number }

export type VerifyOutcome =
  | { signedIn: { user: LocalAuthUser; sessionId: string; refreshToken: string } }
  | { refused: 'no_code' | 'expired' | 'wrong' | 'too_many_attempts' }

export type RefreshOutcome =
  | { refreshed: { user: LocalAuthUser; sessionId: string; refreshToken: string } }
  | { refused: 'not_found' | 'already_used' }

export interface CodeRow {
  phone: string
  code: string
  sentAt: Date
  expiresAt: Date
  attempts: number
  usedAt: Date | null
}

interface UserRow {
  id: string
  phone: string
  created_at: Date
  last_sign_in_at: Date | null
}

const toUser = (row: UserRow): LocalAuthUser => ({ id: row.id, phone: row.phone, createdAt: row.created_at, lastSignInAt: row.last_sign_in_at })

/**
 * Records a new code for the phone, unless one was sent in the last minute. The user row is
 * created (as GoTrue does on a first `/otp`) and locked first, so two requests at once for one
 * phone cannot both send.
 */
export async function issueCode(sql: Sql, phone: string, code: string, now: Date): Promise<SendOutcome> {
  return sql.begin(async (tx) => {
    await tx`insert into local_auth_users (phone) values (${phone}) on conflict (phone) do update set phone = excluded.phone`
    const [latest] = await tx<{ sent_at: Date }[]>`
      select sent_at from local_auth_codes where phone = ${phone} order by sent_at desc limit 1`
    if (latest) {
      const elapsed = (now.getTime() - latest.sent_at.getTime()) / 1000
      if (elapsed < OTP_RULES.resendSeconds) return { waitSeconds: Math.max(1, Math.ceil(OTP_RULES.resendSeconds - elapsed)) }
    }
    const expiresAt = new Date(now.getTime() + OTP_RULES.expirySeconds * 1000)
    await tx`insert into local_auth_codes (phone, code, sent_at, expires_at) values (${phone}, ${code}, ${now}, ${expiresAt})`
    return { sent: { phone, code, sentAt: now, expiresAt } }
  })
}

/**
 * Checks a code against the phone's latest one (a new code replaces the ones before it). A wrong
 * try is counted even though the answer is a refusal: the count is committed, then reported.
 */
export async function verifyCode(sql: Sql, phone: string, token: string, now: Date, newRefreshToken: string): Promise<VerifyOutcome> {
  return sql.begin(async (tx): Promise<VerifyOutcome> => {
    const [latest] = await tx<{ id: string; code: string; expires_at: Date; attempts: number; used_at: Date | null }[]>`
      select id, code, expires_at, attempts, used_at from local_auth_codes
      where phone = ${phone} order by sent_at desc limit 1 for update`
    if (!latest || latest.used_at !== null) return { refused: 'no_code' }
    if (latest.attempts >= OTP_RULES.maxAttempts) return { refused: 'too_many_attempts' }
    if (latest.expires_at.getTime() <= now.getTime()) return { refused: 'expired' }
    if (!timingSafeEqual(latest.code, token)) {
      const attempts = latest.attempts + 1
      await tx`update local_auth_codes set attempts = ${attempts} where id = ${latest.id}`
      return { refused: attempts >= OTP_RULES.maxAttempts ? 'too_many_attempts' : 'wrong' }
    }
    await tx`update local_auth_codes set used_at = ${now} where id = ${latest.id}`
    const [user] = await tx<UserRow[]>`
      update local_auth_users set last_sign_in_at = ${now} where phone = ${phone}
      returning id::text, phone, created_at, last_sign_in_at`
    const [session] = await tx<{ id: string }[]>`
      insert into local_auth_sessions (user_id, created_at) values (${(user as UserRow).id}, ${now}) returning id::text`
    await tx`insert into local_auth_refresh_tokens (token, session_id, created_at) values (${newRefreshToken}, ${(session as { id: string }).id}, ${now})`
    return { signedIn: { user: toUser(user as UserRow), sessionId: (session as { id: string }).id, refreshToken: newRefreshToken } }
  })
}

/** Exchanges a refresh token, once, for a new one on the same session (Supabase rotates them). */
export async function rotateRefreshToken(sql: Sql, token: string, now: Date, newRefreshToken: string): Promise<RefreshOutcome> {
  return sql.begin(async (tx): Promise<RefreshOutcome> => {
    const [row] = await tx<{ session_id: string; used_at: Date | null }[]>`
      select session_id::text, used_at from local_auth_refresh_tokens where token = ${token} for update`
    if (!row) return { refused: 'not_found' }
    if (row.used_at !== null) return { refused: 'already_used' }
    await tx`update local_auth_refresh_tokens set used_at = ${now} where token = ${token}`
    await tx`insert into local_auth_refresh_tokens (token, session_id, created_at) values (${newRefreshToken}, ${row.session_id}, ${now})`
    const [user] = await tx<UserRow[]>`
      select u.id::text, u.phone, u.created_at, u.last_sign_in_at
      from local_auth_sessions s join local_auth_users u on u.id = s.user_id where s.id = ${row.session_id}`
    if (!user) return { refused: 'not_found' }
    return { refreshed: { user: toUser(user), sessionId: row.session_id, refreshToken: newRefreshToken } }
  })
}

/** The user of a live session; null once it has been signed out. */
export async function findSessionUser(sql: Sql, sessionId: string, userId: string): Promise<LocalAuthUser | null> {
  const [user] = await sql<UserRow[]>`
    select u.id::text, u.phone, u.created_at, u.last_sign_in_at
    from local_auth_sessions s join local_auth_users u on u.id = s.user_id
    where s.id = ${sessionId} and u.id = ${userId}`
  return user ? toUser(user) : null
}

export type LogoutScope = 'global' | 'local' | 'others'

/** Ends sessions as GoTrue's `/logout?scope=` does; their refresh tokens go with them. */
export async function endSessions(sql: Sql, sessionId: string, userId: string, scope: LogoutScope): Promise<void> {
  if (scope === 'local') await sql`delete from local_auth_sessions where id = ${sessionId}`
  else if (scope === 'others') await sql`delete from local_auth_sessions where user_id = ${userId} and id <> ${sessionId}`
  else await sql`delete from local_auth_sessions where user_id = ${userId}`
}

/** The latest codes, newest first, for `presence auth codes`. */
export async function latestCodes(sql: Sql, options: { phone?: string; limit?: number } = {}): Promise<CodeRow[]> {
  const limit = options.limit ?? 10
  const rows = await sql<{ phone: string; code: string; sent_at: Date; expires_at: Date; attempts: number; used_at: Date | null }[]>`
    select phone, code, sent_at, expires_at, attempts, used_at from local_auth_codes
    ${options.phone === undefined ? sql`` : sql`where phone = ${options.phone}`}
    order by sent_at desc limit ${limit}`
  return rows.map((row) => ({ phone: row.phone, code: row.code, sentAt: row.sent_at, expiresAt: row.expires_at, attempts: row.attempts, usedAt: row.used_at }))
}
