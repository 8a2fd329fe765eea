import { z } from 'zod'
import type { Sql } from '../../db/connect.ts'
import { UnauthorizedError } from '../../errors.ts'
import { readBodyWithLimit } from '../../http/requestGuards.ts'
import type { Logger } from '../../runtime/logger.ts'
import { bearerToken, createAccessTokenVerifier } from '../verifyAccessToken.ts'
import { API_VERSION_HEADER, GoTrueError, goTrueErrorResponse, goTrueErrors } from './goTrueError.ts'
import { endSessions, findSessionUser, issueCode, rotateRefreshToken, verifyCode, type LogoutScope } from './localAuthTables.ts'
import { newCode, newRefreshToken, sessionJson, userJson, type SessionSigning } from './localSession.ts'

export interface LocalAuthOptions {
  sql: Sql
  /** The Auth URL the stand-in answers as (the functions server's origin, like Supabase's local URL). */
  authUrl: string
  jwtSecret: string
  /** Supabase's API gateway refuses a request without the project's anon (or service) key in `apikey`. */
  anonKey: string
  /** The SPA's origin: the only one its CORS answers. */
  appUrl: string
  log: Logger
  /** Where each code is shown, in place of an SMS. */
  printCode?: (line: string) => void
  now?: () => Date
}

const BODY_LIMIT = 16 * 1024
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

// supabase-js sends more than these (`data`, `create_user`, `gotrue_meta_security`): loose objects keep it.
const otpBody = z.looseObject({ phone: z.string(), channel: z.string().optional() })
const verifyBody = z.looseObject({ phone: z.string(), token: z.string(), type: z.string() })
const refreshBody = z.looseObject({ refresh_token: z.string() })

/**
 * The local stand-in for Supabase Auth's phone sign-in, at `/auth/v1/…` on the functions server:
 * the endpoints supabase-js calls for phone OTP, answering as GoTrue does (shapes, status codes,
 * error codes), so the SPA's supabase-js client cannot tell it from Supabase. Codes are printed.
 */
export function createLocalAuthHandler(options: LocalAuthOptions): (req: Request) => Promise<Response> {
  const { sql, log } = options
  const now = options.now ?? (() => new Date())
  const printCode = options.printCode ?? ((line: string) => console.log(line))
  const signing: SessionSigning = { authUrl: options.authUrl.replace(/\/+$/, ''), jwtSecret: options.jwtSecret }
  const verifyToken = createAccessTokenVerifier({ authUrl: signing.authUrl, jwtSecret: signing.jwtSecret, now })
  const origin = new URL(options.appUrl).origin
  const cors = {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, apikey, content-type, x-client-info, x-supabase-api-version',
    // supabase-js reads the API version of an error answer to find its code.
    'access-control-expose-headers': API_VERSION_HEADER,
    'access-control-max-age': '600',
    vary: 'Origin',
  }

  async function jsonBody<T>(req: Request, schema: z.ZodType<T>): Promise<T> {
    const raw = await readBodyWithLimit(req, BODY_LIMIT).catch(() => {
      throw goTrueErrors.tooLarge(BODY_LIMIT)
    })
    let parsed: unknown
    try {
      parsed = JSON.parse(new TextDecoder().decode(raw))
    } catch {
      throw goTrueErrors.badJson()
    }
    const result = schema.safeParse(parsed)
    if (!result.success) throw goTrueErrors.validation(z.prettifyError(result.error).replace(/\n\s*/g, ' '))
    return result.data
  }

  /** GoTrue's phone rule (`+` and spaces dropped, digits not starting with 0), with E.164's 7-digit minimum. */
  function goTruePhone(input: string): string {
    const phone = input.replace(/^\+/, '').replaceAll(' ', '')
    if (!/^[1-9][0-9]{6,14}$/.test(phone)) throw goTrueErrors.invalidPhone()
    return phone
  }

  async function sendOtp(req: Request): Promise<Response> {
    const body = await jsonBody(req, otpBody)
    if (body.channel !== undefined && body.channel !== 'sms') throw goTrueErrors.validation("Invalid channel, supported values are 'sms' or 'whatsapp'")
    const phone = goTruePhone(body.phone)
    const outcome = await issueCode(sql, phone, newCode(), now())
    if ('waitSeconds' in outcome) throw goTrueErrors.smsResendTooSoon(outcome.waitSeconds)
    const { code, expiresAt } = outcome.sent
    printCode(`[local auth] sign-in code for +${phone}: ${code} (valid until ${expiresAt.toISOString()})`)
    return Response.json({ message_id: `local-${crypto.randomUUID()}` })
  }

  async function verify(req: Request): Promise<Response> {
    const body = await jsonBody(req, verifyBody)
    if (body.type !== 'sms') throw goTrueErrors.validation('Only phone sign-in (type "sms") is served by the local Auth stand-in')
    const phone = goTruePhone(body.phone)
    const at = now()
    const outcome = await verifyCode(sql, phone, body.token.trim(), at, newRefreshToken())
    if ('refused' in outcome) {
      log.log('info', 'local auth: code refused', { reason: outcome.refused })
      throw outcome.refused === 'too_many_attempts' ? goTrueErrors.tooManyAttempts() : goTrueErrors.otpExpired()
    }
    const { user, sessionId, refreshToken } = outcome.signedIn
    return Response.json(await sessionJson(signing, user, sessionId, refreshToken, at))
  }

  async function token(req: Request, url: URL): Promise<Response> {
    if (url.searchParams.get('grant_type') !== 'refresh_token') throw goTrueErrors.unsupportedGrant()
    const body = await jsonBody(req, refreshBody)
    const at = now()
    const outcome = await rotateRefreshToken(sql, body.refresh_token, at, newRefreshToken())
    if ('refused' in outcome) throw outcome.refused === 'already_used' ? goTrueErrors.refreshTokenAlreadyUsed() : goTrueErrors.refreshTokenNotFound()
    const { user, sessionId, refreshToken } = outcome.refreshed
    return Response.json(await sessionJson(signing, user, sessionId, refreshToken, at))
  }

  /** The session an access token names, as GoTrue's requireAuthentication finds it. */
  async function authenticated(req: Request) {
    const jwt = bearerToken(req)
    if (jwt === null) throw goTrueErrors.noAuthorization()
    let claims
    try {
      claims = (await verifyToken(jwt)).claims
    } catch (error) {
      if (error instanceof UnauthorizedError) throw goTrueErrors.badJwt(error.message)
      throw error
    }
    const sessionId = claims.session_id
    const userId = claims.sub as string
    if (typeof sessionId !== 'string' || !UUID.test(sessionId) || !UUID.test(userId)) throw goTrueErrors.sessionNotFound()
    const user = await findSessionUser(sql, sessionId, userId)
    if (!user) throw goTrueErrors.sessionNotFound()
    return { user, sessionId }
  }

  async function logout(req: Request, url: URL): Promise<Response> {
    const scope = url.searchParams.get('scope') ?? 'global'
    if (!['global', 'local', 'others'].includes(scope)) throw goTrueErrors.validation('Unsupported logout scope')
    const { user, sessionId } = await authenticated(req)
    await endSessions(sql, sessionId, user.id, scope as LogoutScope)
    return new Response(null, { status: 204 })
  }

  async function route(req: Request): Promise<Response> {
    const url = new URL(req.url)
    const path = url.pathname.replace(/^\/auth\/v1/, '').replace(/\/+$/, '')
    const endpoint = `${req.method} ${path}`
    switch (endpoint) {
      case 'POST /otp':
        return sendOtp(req)
      case 'POST /verify':
        return verify(req)
      case 'POST /token':
        return token(req, url)
      case 'GET /user':
        return Response.json(userJson((await authenticated(req)).user))
      case 'POST /logout':
        return logout(req, url)
      // Projects signing with the JWT secret publish no public keys; supabase-js then asks /user.
      case 'GET /.well-known/jwks.json':
        return Response.json({ keys: [] })
    }
    if (['/otp', '/verify', '/token', '/user', '/logout'].includes(path)) throw goTrueErrors.methodNotAllowed()
    throw goTrueErrors.notFound()
  }

  return async (req) => {
    if (req.method === 'OPTIONS') {
      const allowed = req.headers.get('origin') === origin
      return new Response(null, { status: allowed ? 204 : 403, headers: allowed ? cors : { vary: 'Origin' } })
    }
    let response: Response
    try {
      if (req.headers.get('apikey') !== options.anonKey) throw goTrueErrors.noApiKey()
      response = await route(req)
    } catch (error) {
      if (!(error instanceof GoTrueError)) {
        log.log('error', 'local auth failed', { error: error instanceof Error ? error.message : String(error) })
        error = new GoTrueError(500, 'unexpected_failure', 'Unexpected failure, please check server logs for more information')
      }
      response = goTrueErrorResponse(error as GoTrueError, req)
    }
    for (const [name, value] of Object.entries(cors)) response.headers.set(name, value)
    return response
  }
}
