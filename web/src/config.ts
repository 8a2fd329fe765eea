/** The one place the SPA reads build-time configuration. */

const DEFAULT_FUNCTIONS_URL = 'http://127.0.0.1:54321/functions/v1'

/** Base URL of the edge functions, without a trailing slash. */
export const functionsUrl: string = (import.meta.env.VITE_FUNCTIONS_URL || DEFAULT_FUNCTIONS_URL).replace(/\/+$/, '')

const LOCAL_CALCOM_ORIGIN = `${new URL(functionsUrl).origin}/local-cal`

/**
 * Where the Cal.com embed's iframe loads booking pages from (`calOrigin`): https://app.cal.com
 * for real calendars; by default the functions server's local stand-in for Cal.com.
 */
export const calcomOrigin: string = (import.meta.env.VITE_CALCOM_ORIGIN || LOCAL_CALCOM_ORIGIN).replace(/\/+$/, '')

/** The stand-in serves booking pages only, none of Cal.com's own settings pages (availability, bookings). */
export const calcomIsLocalStandIn: boolean = calcomOrigin === LOCAL_CALCOM_ORIGIN

/** The embed script (`embedJsUrl`); Cal.com and the stand-in both serve it at /embed/embed.js. */
export const calcomEmbedJsUrl: string = import.meta.env.VITE_CALCOM_EMBED_JS_URL || `${calcomOrigin}/embed/embed.js`

/** The stand-in's anon key (DEVELOPMENT_SECRETS.anonKey): not a secret, Supabase's is public too. */
const LOCAL_ANON_KEY = 'presence-dev-anon-key'

/**
 * Supabase Auth's project URL (`https://<ref>.supabase.co`); locally the functions server's origin,
 * where the Auth stand-in answers at /auth/v1 as Supabase's local URL does.
 */
export const supabaseUrl: string = (import.meta.env.VITE_SUPABASE_URL || new URL(functionsUrl).origin).replace(/\/+$/, '')

/** The project's anon key, which every browser sends (`apikey`); it grants nothing by itself. */
export const supabaseAnonKey: string = import.meta.env.VITE_SUPABASE_ANON_KEY || LOCAL_ANON_KEY
