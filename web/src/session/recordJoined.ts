import type { SessionView } from '../../../shared/api/session.ts'
import { functionsUrl } from '../config.ts'
import { FunctionCallError } from '../api/callFunction.ts'
import { postSessionAction } from './sessionApi.ts'
import type { SessionLink } from './sessionLink.ts'

/** Pauses before asking again; the server's mark is idempotent, so a repeat is harmless. */
const JOINED_RETRY_DELAYS_MS = [1_000, 3_000]

/**
 * Tells the server the provider reported this viewer in the call (Host Joined / Member Joined).
 * Runs beside the call, so it never throws: it resolves with the updated view, or null.
 */
export async function recordJoined(link: SessionLink): Promise<SessionView | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await postSessionAction(functionsUrl, link, 'joined', {})
    } catch (error) {
      const delay = error instanceof FunctionCallError && error.retryable ? JOINED_RETRY_DELAYS_MS[attempt] : undefined
      if (delay === undefined) return null
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }
}
