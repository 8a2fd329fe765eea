import { DEVELOPMENT_SECRETS } from '../../../../../shared/config/loadConfig.ts'
import type { Runtime } from '../../runtime/runtime.ts'
import { createLocalAuthHandler } from './localAuthHandler.ts'

/** The local Auth stand-in for the functions server; none when SUPABASE_URL names a real project. */
export function localAuthOf(rt: Runtime): ((req: Request) => Promise<Response>) | undefined {
  const { auth, appUrl } = rt.config
  if (!auth.local) return undefined
  return createLocalAuthHandler({ sql: rt.sql, authUrl: auth.url, jwtSecret: auth.jwtSecret ?? DEVELOPMENT_SECRETS.jwt, anonKey: auth.anonKey, appUrl, log: rt.log })
}
