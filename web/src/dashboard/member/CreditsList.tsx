import { useId } from 'react'
import { Link } from 'react-router-dom'
import type { CreditGroup } from '../../../../shared/api/dashboard.ts'
import { PLANS } from '../../../../shared/plans/catalog.ts'

const bookPath = (purchaseId: string) => `/book?${new URLSearchParams({ purchase: purchaseId })}`

function creditsText(group: CreditGroup, host: string): string {
  return `${group.left} ${PLANS[group.plan].name} ${group.left === 1 ? 'session' : 'sessions'} left with ${host}`
}

/** Unused paid sessions per host and plan, each group with a way to book the next one. */
export function CreditsList({ credits }: { credits: CreditGroup[] }) {
  const headingId = useId()
  return (
    <section aria-labelledby={headingId} className="dashboard-section">
      <h2 id={headingId}>Your credits</h2>
      {credits.length === 0 ? (
        <p>
          No credits left. <Link to="/host-selection">Find a host to buy a plan with</Link>
        </p>
      ) : (
        <ul className="credit-list">
          {credits.map((group) => {
            const host = group.host.name ?? 'your host'
            const next = group.bookable[0]
            return (
              <li key={`${group.host.id} ${group.plan}`}>
                <span>{creditsText(group, host)}</span>
                {next && (
                  <Link className="button" to={bookPath(next.purchaseId)}>
                    Book with {host}
                  </Link>
                )}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
