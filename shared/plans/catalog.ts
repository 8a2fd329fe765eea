/**
 * The one plan catalog. Prices are integer cents in AUD; the checkout function charges these
 * amounts (never one from the browser) and the payment processor checks Stripe's totals
 * against them.
 */
export const PLAN_IDS = ['adhoc', 'weekly'] as const
export type PlanId = (typeof PLAN_IDS)[number]

export interface Plan {
  id: PlanId
  /** As operators and members read it (the Airtable `Plan` option). */
  name: 'Adhoc' | 'Weekly'
  priceCents: number
  currency: 'aud'
  /** How many paid sessions the plan gives. */
  sessions: number
  /** The host's share of the price, in whole percent; the platform keeps the rest. */
  hostPercent: number
  description: string
}

export const PLANS: Readonly<Record<PlanId, Plan>> = {
  adhoc: { id: 'adhoc', name: 'Adhoc', priceCents: 1800, currency: 'aud', sessions: 1, hostPercent: 67, description: 'One session, booked when it suits you.' },
  weekly: { id: 'weekly', name: 'Weekly', priceCents: 4000, currency: 'aud', sessions: 3, hostPercent: 75, description: 'Three sessions with the same host.' },
}

export const PLAN_NAMES = ['Adhoc', 'Weekly'] as const

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === 'string' && (PLAN_IDS as readonly string[]).includes(value)
}

export function planByName(name: string): Plan | undefined {
  return Object.values(PLANS).find((plan) => plan.name === name)
}
