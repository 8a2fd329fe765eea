import type { HostEarnings as Earnings } from '../../../../shared/api/dashboard.ts'
import { formatCents } from '../../../../shared/plans/formatMoney.ts'

const sessionsInWords = (count: number) => `${count} completed ${count === 1 ? 'session' : 'sessions'}`

/** The host's payout lines per currency: the total, and how much of it is still due and already paid. */
export function HostEarnings({ earnings }: { earnings: Earnings[] }) {
  return (
    <section className="dashboard-section" aria-labelledby="host-earnings-heading">
      <h2 id="host-earnings-heading">Payouts</h2>
      {earnings.length === 0 ? (
        <p>No payouts yet: each paid session you host adds one once it has ended.</p>
      ) : (
        <ul className="earnings">
          {earnings.map((line) => (
            <li key={line.currency}>
              <strong>{formatCents(line.hostShareCents, line.currency)}</strong> from {sessionsInWords(line.completedSessions)}:{' '}
              {formatCents(line.dueCents, line.currency)} due, {formatCents(line.paidCents, line.currency)} paid
            </li>
          ))}
        </ul>
      )}
      <p className="muted">
        Each paid session you attended pays your share of its plan, whether or not the member joined; Presence pays what is due.
      </p>
    </section>
  )
}
