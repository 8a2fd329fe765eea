import type { Authenticate } from '../../auth/signedInUser.ts'
import { bearerToken, createAccessTokenVerifier } from '../../auth/verifyAccessToken.ts'
import { UnauthorizedError } from '../../errors.ts'
import { memoised, type Runtime } from '../runtime.ts'

/** Who a request acts for, from its Supabase Auth access token (the local stand-in's locally). */
export function authenticatorOf(rt: Runtime): Authenticate {
  return memoised(rt, 'authenticator', () => {
    const { url, jwtSecret, anonKey } = rt.config.auth
    const verify = createAccessTokenVerifier({ authUrl: url, jwtSecret, anonKey, fetch: rt.fetch })
    return async (req: Request) => {
      const token = bearerToken(req)
      if (token === null) throw new UnauthorizedError('Sign in first: send Authorization: Bearer <access token>')
      return (await verify(token)).user
    }
  })
}
