import postgres from 'postgres'

/** Long enough for a slow server to answer, short enough that a black-holed host is not a hang. */
const ANSWER_WITHIN_MS = 10_000

/** Node's and Postgres's codes for the usual reasons a database cannot be used, in words. */
const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused, nothing is listening there',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'the host name could not be looked up',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  ECONNRESET: 'the server closed the connection',
  ETIMEDOUT: `no answer within ${ANSWER_WITHIN_MS / 1000} seconds`,
  CONNECT_TIMEOUT: `no answer within ${ANSWER_WITHIN_MS / 1000} seconds`,
  '28P01': 'the password was refused',
  '28000': 'the server refused this user',
  '3D000': 'that database does not exist',
}

/** A database named by DATABASE_URL (or SUPABASE_DB_URL) that cannot be used as it is. */
export class DatabaseUnreachableError extends Error {
  constructor(
    readonly variable: string,
    readonly where: string | undefined,
    readonly reason: string,
  ) {
    super(
      where
        ? `Cannot reach the database at ${where} (${variable}): ${reason}.\nStart it, fix ${variable}, or unset it to use the embedded database.`
        : `${variable} ${reason}.\nFix ${variable}, or unset it to use the embedded database.`,
    )
    this.name = 'DatabaseUnreachableError'
  }
}

/** Which variable the configured database URL came from (loadConfig prefers DATABASE_URL). */
export function databaseUrlVariable(env: Record<string, string | undefined>): string {
  return env.DATABASE_URL?.trim() ? 'DATABASE_URL' : 'SUPABASE_DB_URL'
}

/**
 * `select 1` on a fresh connection. Failures name host:port and the reason, never the URL itself:
 * it carries the password.
 */
export async function checkDatabase(url: string, variable: string): Promise<void> {
  const where = hostAndPort(url)
  if (!where) throw new DatabaseUnreachableError(variable, undefined, 'is not a postgres:// URL (e.g. postgres://user:password@localhost:5432/postgres)')
  const sql = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: ANSWER_WITHIN_MS / 1000 })
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { code: 'ETIMEDOUT' })), ANSWER_WITHIN_MS)
  })
  try {
    await Promise.race([sql`select 1`, deadline])
  } catch (error) {
    throw new DatabaseUnreachableError(variable, where, databaseFailureReason(error, url))
  } finally {
    clearTimeout(timer)
    await sql.end({ timeout: 0 })
  }
}

/** `host:port` of a postgres:// URL, or undefined when it is not one. */
export function hostAndPort(url: string): string | undefined {
  try {
    const parsed = new URL(url)
    if (!['postgres:', 'postgresql:'].includes(parsed.protocol) || !parsed.hostname) return undefined
    return `${parsed.hostname}:${parsed.port || 5432}`
  } catch {
    return undefined
  }
}

/** Why a database could not be used, in words, never with the URL's password. */
export function databaseFailureReason(error: unknown, url: string): string {
  const { code, message } = error as { code?: string; message?: string }
  const known = code ? REASONS[code] : undefined
  if (known) return known
  // A server's own message (e.g. "too many connections") helps; keep the password out of it all the same.
  const password = URL.canParse(url) ? decodeURIComponent(new URL(url).password) : ''
  const text = message ?? String(error)
  return password ? text.split(password).join('***') : text
}
