import { toE164 } from '../../../../shared/auth/phone.ts'

/**
 * Operators type phones as they like (`+61 412 345 678`, `0412 345 678`), so a lookup cannot ask
 * the table for the E.164 text itself. It asks for rows whose digits end like the number's
 * (a cheap filter in SQL and in an Airtable formula), then keeps those whose phone, read as
 * E.164, is the number: equality is decided here, in one place, for both adapters.
 */
export const PHONE_TAIL_DIGITS = 8

/** The digits a stored phone must end with to be worth reading; null for a number that is not E.164. */
export function phoneTail(e164: string): string | null {
  if (!/^\+[1-9][0-9]{6,14}$/.test(e164)) return null
  return e164.slice(-PHONE_TAIL_DIGITS)
}

export function isSamePhone(stored: string | null, e164: string): boolean {
  return toE164(stored) === e164
}
