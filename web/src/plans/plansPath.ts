import type { PlanId } from '../../../shared/plans/catalog.ts'

/** `/plans?host=<id>[&plan=<id>][&cancelled=1]`: the one place the plans page's URL is built. */
export function plansPath({ hostId, plan, cancelled = false }: { hostId: string; plan?: PlanId; cancelled?: boolean }): string {
  const params = new URLSearchParams({ host: hostId })
  if (plan) params.set('plan', plan)
  if (cancelled) params.set('cancelled', '1')
  return `/plans?${params}`
}
