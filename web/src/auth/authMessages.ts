import { OTP_RULES } from '../../../shared/auth/otpRules.ts'

/** What a supabase-js AuthError carries that the messages need (its class is not loaded up front). */
export interface AuthFailure {
  name?: string
  status?: number
  code?: string
  message: string
}

/**
 * The seconds Supabase asks us to wait before another code ("…only request this after 42
 * seconds."); the full resend interval when it does not say.
 */
export function resendWaitSeconds(error: AuthFailure): number {
  const match = /after (\d+) seconds?/.exec(error.message)
  return match ? Number(match[1]) : OTP_RULES.resendSeconds
}

function unreachable(error: AuthFailure): boolean {
  return error.name === 'AuthRetryableFetchError' || error.status === 0 || (error.status !== undefined && error.status >= 500)
}

/** Why a code could not be sent, in the member's words. */
export function sendCodeMessage(error: AuthFailure): string {
  if (unreachable(error)) return 'Sign-in is not reachable right now. Check your connection and try again.'
  switch (error.code) {
    case 'over_sms_send_rate_limit':
      return `A code was sent a moment ago. You can ask for a new one in ${resendWaitSeconds(error)} seconds.`
    case 'over_request_rate_limit':
      return 'Too many attempts from this device. Wait a few minutes, then try again.'
    case 'validation_failed':
      return 'That phone number was not accepted. Check it and try again.'
    case 'phone_provider_disabled':
    case 'sms_send_failed':
      return 'We could not send a text message just now. Try again in a few minutes.'
  }
  return error.message
}

/**
 * Why a code was refused. Supabase answers a wrong code and an expired one alike (`otp_expired`),
 * so the time since the code was sent tells them apart: past the expiry, it has expired.
 */
export function verifyCodeMessage(error: AuthFailure, sentAt: number | null, now: number): string {
  if (unreachable(error)) return 'Sign-in is not reachable right now. Check your connection and try again.'
  switch (error.code) {
    case 'otp_expired':
      return sentAt !== null && now - sentAt >= OTP_RULES.expirySeconds * 1000
        ? 'This code has expired. Send a new code to try again.'
        : 'That code is not right. Check the text message and try again.'
    case 'over_request_rate_limit':
      return 'Too many wrong codes. Send a new code to try again.'
    case 'validation_failed':
      return `Enter the ${OTP_RULES.length}-digit code from the text message.`
  }
  return error.message
}
