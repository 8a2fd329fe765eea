import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/min'

/** Members are in Australia: a number typed without a country code is read as an Australian one. */
export const DEFAULT_PHONE_COUNTRY: CountryCode = 'AU'

export type PhoneParse = { ok: true; phone: string } | { ok: false; message: string }

/** A phone number as typed (`0412 345 678`, `+61 412 345 678`) -> E.164 (`+61412345678`), or why it is not one. */
export function parsePhone(input: string, defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY): PhoneParse {
  const text = input.trim()
  if (text === '') return { ok: false, message: 'Enter your mobile number.' }
  const parsed = parsePhoneNumberFromString(text, defaultCountry)
  if (!parsed || !parsed.isValid()) {
    return { ok: false, message: `${text} is not a valid phone number. Use a mobile number such as 0412 345 678, or +61 412 345 678 with the country code.` }
  }
  return { ok: true, phone: parsed.number }
}

/** E.164 or null: for comparing numbers stored in whatever form an operator typed them. */
export function toE164(input: string | null | undefined, defaultCountry: CountryCode = DEFAULT_PHONE_COUNTRY): string | null {
  if (!input) return null
  const parsed = parsePhone(input, defaultCountry)
  return parsed.ok ? parsed.phone : null
}
