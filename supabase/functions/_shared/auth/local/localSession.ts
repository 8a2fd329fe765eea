import { signJwtHs256 } from '../../../../../shared/crypto/jwt.ts'
import { toBase64Url } from '../../../../../shared/crypto/hmac.ts'
import { OTP_RULES } from '../../../../../shared/auth/otpRules.ts'
import type { LocalAuthUser } from './localAuthTables.ts'

/** Supabase's default access-token lifetime (JWT expiry, 1 hour). */
export const ACCESS_TOKEN_SECONDS = 3600

export interface SessionSigning {
  /** The Auth URL (`SUPABASE_URL`); tokens are issued by `<url>/auth/v1`. */
  authUrl: string
  jwtSecret: string
}

/** A user as GoTrue's JSON shows them to supabase-js. */
export function userJson(user: LocalAuthUser) {
  const created = user.createdAt.toISOString()
  const lastSignIn = user.lastSignInAt?.toISOString() ?? null
  return {
    id: user.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: '',
    phone: user.phone,
    phone_confirmed_at: lastSignIn,
    confirmed_at: lastSignIn,
    last_sign_in_at: lastSignIn,
    app_metadata: { provider: 'phone', providers: ['phone'] },
    user_metadata: {},
    identities: [
      {
        identity_id: user.id,
        id: user.id,
        user_id: user.id,
        identity_data: { sub: user.id, phone: user.phone, phone_verified: true },
        provider: 'phone',
        last_sign_in_at: lastSignIn,
        created_at: created,
        updated_at: lastSignIn ?? created,
      },
    ],
    created_at: created,
    updated_at: lastSignIn ?? created,
    is_anonymous: false,
  }
}

/** An access token with the claims Supabase puts in one, HS256 with the project's JWT secret. */
export async function signAccessToken(signing: SessionSigning, user: LocalAuthUser, sessionId: string, now: Date): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor(now.getTime() / 1000)
  const expiresAt = iat + ACCESS_TOKEN_SECONDS
  const token = await signJwtHs256(
    {
      iss: `${signing.authUrl}/auth/v1`,
      sub: user.id,
      aud: 'authenticated',
      exp: expiresAt,
      iat,
      email: '',
      phone: user.phone,
      app_metadata: { provider: 'phone', providers: ['phone'] },
      user_metadata: {},
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'otp', timestamp: iat }],
      session_id: sessionId,
      is_anonymous: false,
    },
    signing.jwtSecret,
  )
  return { token, expiresAt }
}

/** What `/verify` and `/token` answer: supabase-js stores it as the session. */
export async function sessionJson(signing: SessionSigning, user: LocalAuthUser, sessionId: string, refreshToken: string, now: Date) {
  const { token, expiresAt } = await signAccessToken(signing, user, sessionId, now)
  return { access_token: token, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS, expires_at: expiresAt, refresh_token: refreshToken, user: userJson(user) }
}

/** Opaque and unguessable, like GoTrue's. */
export function newRefreshToken(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(24)))
}

/** A uniformly random code of OTP_RULES.length digits (rejection sampling keeps every code equally likely). */
export function newCode(): string {
  const range = 10 ** OTP_RULES.length
  const limit = Math.floor(0x1_0000_0000 / range) * range
  for (;;) {
    const [value] = crypto.getRandomValues(new Uint32Array(1)) as unknown as [number]
    if (value < limit) return String(value % range).padStart(OTP_RULES.length, '0')
  }
}
