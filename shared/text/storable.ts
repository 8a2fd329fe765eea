/**
 * Text Postgres can store. `text` refuses U+0000, and `jsonb` refuses the `\u0000` escape and
 * unpaired surrogates (which JSON.stringify writes as `\udxxx`). Anyone can type these into a
 * provider's form, so provider text is made storable at the boundary; the raw delivery is kept
 * exactly as received (as JSON text, where they are plain escapes).
 */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Drops NUL and replaces unpaired surrogates with U+FFFD, as a UTF-8 encoder would. */
export function storableText(value: string): string {
  return UNSTORABLE.test(value) ? value.replaceAll('\u0000', '').replace(UNPAIRED_SURROGATE, '\uFFFD') : value
}

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value)
}
