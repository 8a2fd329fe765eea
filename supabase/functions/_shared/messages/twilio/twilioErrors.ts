import { ProviderError } from '../../errors.ts'
import { askedWaitMs, exponentialBackoff, type RetryPolicy } from '../../retry/retryPolicy.ts'
import { isRetryable } from '../../errors.ts'

/**
 * Twilio's error codes that no retry can fix: 21211 not a valid number, 21408 region not enabled,
 * 21610 the number replied STOP, 21614 not a mobile number, 30005 unknown or inactive number,
 * 30006 landline or unreachable carrier.
 */
export const PERMANENT_CODES = new Set([21211, 21408, 21610, 21614, 30005, 30006])
/** 20429 too many requests; 30003 the handset is unreachable for now. */
export const RETRYABLE_CODES = new Set([20429, 30003])
/** The recipient replied STOP: Twilio refuses every message to them until they reply START. */
export const OPTED_OUT_CODE = 21610

/**
 * A failed Twilio request. `code` is Twilio's error code (from its `{code, message, more_info,
 * status}` body, as `twilioCode`); `outcome` says whether Twilio may have created the message anyway: `refused`
 * when it answered with an error, `unknown` when no answer came or it failed on its side (5xx).
 */
export class TwilioApiError extends ProviderError {
  constructor(
    message: string,
    retryable: boolean,
    status: number | undefined,
    readonly twilioCode: number | undefined,
    readonly outcome: 'refused' | 'unknown',
    readonly retryAfterMs?: number,
  ) {
    super('twilio', message, retryable, status)
  }
}

/** Whether a Twilio answer with this HTTP status and error code is worth another attempt. */
export function isRetryableTwilio(status: number, code: number | undefined): boolean {
  if (code !== undefined && PERMANENT_CODES.has(code)) return false
  if (code !== undefined && RETRYABLE_CODES.has(code)) return true
  return status === 429 || status >= 500
}

const backoff = exponentialBackoff(2_000, 300_000)

/**
 * Twilio's 429s, 5xx and timeouts come back after 2 s, 4 s, 8 s, … up to 5 minutes (or the wait
 * Twilio asked for), 10 attempts in all; its permanent errors and our own refusals go to an operator.
 */
export const TWILIO_RETRY: RetryPolicy = {
  maxAttempts: 10,
  retryable: isRetryable,
  waitMs: (error, failures) => askedWaitMs(error) ?? backoff(failures),
}
