/** The plan catalog. Money is integer cents; shares are whole percentages. */
export interface Plan {
  id: 'adhoc' | 'weekly'
  name: string
  currency: 'AUD'
  priceCents: number
  sessions: number
  hostSharePercent: number
}

export const PLANS: readonly Plan[] = [
  { id: 'adhoc', name: 'Adhoc', currency: 'AUD', priceCents: 1800, sessions: 1, hostSharePercent: 67 },
  { id: 'weekly', name: 'Weekly', currency: 'AUD', priceCents: 4000, sessions: 3, hostSharePercent: 75 },
]

export function findPlan(id: string): Plan | undefined {
  return PLANS.find((plan) => plan.id === id)
}

/** Splits a payment; the host's share is rounded down so the parts always add up. */
export function splitPayment(plan: Plan, amountCents = plan.priceCents): { hostCents: number; platformCents: number } {
  const hostCents = Math.floor((amountCents * plan.hostSharePercent) / 100)
  return { hostCents, platformCents: amountCents - hostCents }
}

export function formatMoney(cents: number, currency = 'AUD'): string {
  return `${currency} ${(cents / 100).toFixed(2)}`
}
