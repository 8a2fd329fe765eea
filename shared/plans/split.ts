import type { Plan } from './catalog.ts'

/** One paid session's part of a purchase, in integer cents: `hostCents + platformCents === amountCents`. */
export interface SessionShare {
  amountCents: number
  hostCents: number
  platformCents: number
}

export interface PurchaseSplit {
  totalCents: number
  hostCents: number
  platformCents: number
  /** One entry per paid session, in order; each column sums to the purchase's. */
  sessions: SessionShare[]
}

/**
 * Splits a plan's price between host and platform, and across its sessions, without losing a
 * cent. Rounding, in this order:
 *  1. the host's share of the total is `total × hostPercent / 100` rounded half up (the platform
 *     gets the rest), so Adhoc 1800 → 1206 / 594 and Weekly 4000 → 3000 / 1000;
 *  2. the total and the host's share are each divided across the sessions by whole cents, the
 *     left-over cents going one each to the first sessions (Weekly: 1334, 1333, 1333);
 *  3. each session's platform part is its amount less its host part.
 * So every column sums to the purchase's figure and every session's parts sum to its amount.
 */
export function splitPlan(plan: Pick<Plan, 'priceCents' | 'sessions' | 'hostPercent'>): PurchaseSplit {
  const { priceCents: totalCents, sessions, hostPercent } = plan
  if (!Number.isInteger(totalCents) || totalCents < 0) throw new RangeError(`price must be whole cents, got ${totalCents}`)
  if (!Number.isInteger(sessions) || sessions < 1) throw new RangeError(`sessions must be a positive whole number, got ${sessions}`)
  if (!Number.isInteger(hostPercent) || hostPercent < 0 || hostPercent > 100) throw new RangeError(`hostPercent must be 0-100, got ${hostPercent}`)
  const hostCents = Math.floor((totalCents * hostPercent + 50) / 100)
  const amounts = spread(totalCents, sessions)
  const hostParts = spread(hostCents, sessions)
  return {
    totalCents,
    hostCents,
    platformCents: totalCents - hostCents,
    sessions: amounts.map((amountCents, index) => ({ amountCents, hostCents: hostParts[index]!, platformCents: amountCents - hostParts[index]! })),
  }
}

/** `total` in `parts` whole-cent pieces that differ by at most one cent, the larger ones first. */
function spread(total: number, parts: number): number[] {
  const base = Math.floor(total / parts)
  const extra = total - base * parts
  return Array.from({ length: parts }, (_, index) => base + (index < extra ? 1 : 0))
}
