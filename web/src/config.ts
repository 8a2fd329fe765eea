/** The one place the SPA reads build-time configuration. */

const DEFAULT_FUNCTIONS_URL = 'http://127.0.0.1:54321/functions/v1'

/** Base URL of the edge functions, without a trailing slash. */
export const functionsUrl: string = (import.meta.env.VITE_FUNCTIONS_URL || DEFAULT_FUNCTIONS_URL).replace(/\/+$/, '')
