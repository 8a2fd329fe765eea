/**
 * "AUD 18.00": the currency code, not a bare "$", since members abroad read "$" as their own
 * dollar. Amounts are integer cents.
 */
export function formatCents(cents: number, currency = 'aud'): string {
  return new Intl.NumberFormat('en-AU', { style: 'currency', currency: currency.toUpperCase(), currencyDisplay: 'code' }).format(cents / 100)
}
