/**
 * Errors as Supabase Auth (GoTrue) words them, so supabase-js raises the same AuthApiError
 * (`status`, `code`) against the stand-in as against Supabase. GoTrue answers the API version a
 * client asks for in `X-Supabase-Api-Version`: from 2024-01-01 (what supabase-js sends) the body
 * is `{code, message}` and the header is echoed; before it, `{code: <status>, error_code, msg}`.
 */
export class GoTrueError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'GoTrueError'
  }
}

export const API_VERSION_HEADER = 'X-Supabase-Api-Version'
const API_VERSION_2024 = '2024-01-01'

export function goTrueErrorResponse(error: GoTrueError, req: Request): Response {
  const requested = req.headers.get(API_VERSION_HEADER)
  if (requested !== null && requested >= API_VERSION_2024) {
    return Response.json({ code: error.code, message: error.message }, { status: error.status, headers: { [API_VERSION_HEADER]: API_VERSION_2024 } })
  }
  return Response.json({ code: error.status, error_code: error.code, msg: error.message }, { status: error.status })
}

/** The errors the phone flow can meet, in GoTrue's words. */
export const goTrueErrors = {
  validation: (message: string) => new GoTrueError(400, 'validation_failed', message),
  invalidPhone: () => new GoTrueError(400, 'validation_failed', 'Invalid phone number format (E.164 required)'),
  smsResendTooSoon: (seconds: number) =>
    new GoTrueError(429, 'over_sms_send_rate_limit', `For security purposes, you can only request this after ${seconds} seconds.`),
  // GoTrue gives a wrong and an expired code the same answer; the sign-in page tells them apart by the clock.
  otpExpired: () => new GoTrueError(403, 'otp_expired', 'Token has expired or is invalid'),
  tooManyAttempts: () => new GoTrueError(429, 'over_request_rate_limit', 'Request rate limit reached'),
  refreshTokenNotFound: () => new GoTrueError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found'),
  refreshTokenAlreadyUsed: () => new GoTrueError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used'),
  unsupportedGrant: () => new GoTrueError(400, 'validation_failed', 'unsupported_grant_type'),
  noAuthorization: () => new GoTrueError(401, 'no_authorization', 'This endpoint requires a valid Bearer token'),
  badJwt: (why: string) => new GoTrueError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${why}`),
  sessionNotFound: () => new GoTrueError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist'),
  userNotFound: () => new GoTrueError(403, 'user_not_found', 'User from sub claim in JWT does not exist'),
  // Supabase's gateway words this one itself, before Auth sees the request.
  noApiKey: () => new GoTrueError(401, 'no_api_key', 'Invalid API key'),
  notFound: () => new GoTrueError(404, 'not_found', 'Not found'),
  methodNotAllowed: () => new GoTrueError(405, 'method_not_allowed', 'Method not allowed'),
  badJson: () => new GoTrueError(400, 'bad_json', 'Could not parse request body as JSON'),
  tooLarge: (limit: number) => new GoTrueError(413, 'request_too_large', `Request body is larger than ${limit} bytes`),
} as const
