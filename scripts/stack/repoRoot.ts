import { fileURLToPath } from 'node:url'

/** The checkout's root: Deno scripts, the SPA's config and `.env` are found from here. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
