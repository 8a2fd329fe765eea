/**
 * The phone-code rules, read by the local Auth stand-in and by the sign-in page. Deployed, Supabase
 * Auth enforces its own settings: the README asks for the same values (OTP length 6, OTP expiry
 * 300 s), so the page's messages hold there too.
 */
export const OTP_RULES = {
  /** Digits in a code. */
  length: 6,
  /** How long a code can be used, from when it was sent. */
  expirySeconds: 300,
  /** Wrong tries a code survives; after this many it is spent and a new one is needed. */
  maxAttempts: 5,
  /** Supabase's minimum interval between two codes for one phone. */
  resendSeconds: 60,
} as const
